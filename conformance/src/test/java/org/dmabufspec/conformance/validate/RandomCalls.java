package org.dmabufspec.conformance.validate;

import java.util.List;
import java.util.Random;
import org.dmabufspec.reference.Config;
import org.dmabufspec.reference.DataDirection;
import org.dmabufspec.reference.Device;
import org.dmabufspec.reference.FaultInjector;
import org.dmabufspec.reference.NotEnabledException;
import org.dmabufspec.reference.ReferenceKernel;
import org.dmabufspec.reference.Whence;

/**
 * Random calls on a {@link ReferenceKernel}, with arguments drawn from its configuration (and a
 * few out of range, for the errno paths). Maps go through the asynchronous call, so that a map
 * that stalls never blocks the caller. Calls the spec does not enable are skipped.
 */
final class RandomCalls {
  private final ReferenceKernel k;
  private final Random rnd;
  private final List<String> bufs;
  private final List<String> devs;
  private final List<String> drivers;
  private final List<String> procs;
  private final List<String> ctxs;
  private final List<Integer> fds;
  private final int nPages;

  RandomCalls(ReferenceKernel k, long seed) {
    this.k = k;
    this.rnd = new Random(seed);
    Config c = k.config();
    bufs = c.buffers();
    devs = c.devices().stream().map(Device::name).toList();
    drivers = c.drivers();
    procs = c.procs();
    ctxs = c.contexts();
    fds = c.fdSlots();
    nPages = c.nPages();
  }

  private <T> T pick(List<T> xs) {
    return xs.get(rnd.nextInt(xs.size()));
  }

  private DataDirection dir() {
    return rnd.nextBoolean() ? DataDirection.DMA_BIDIRECTIONAL : DataDirection.DMA_TO_DEVICE;
  }

  /** Makes one random call (which may be skipped as not enabled). */
  void step() {
    String b = pick(bufs);
    String p = pick(procs);
    int fd = pick(fds);
    try {
      switch (rnd.nextInt(30)) {
        case 0 -> k.dmaBufExport(b);
        case 1, 2 -> k.dmaBufFd(p, b, rnd.nextBoolean());
        case 3, 4 -> k.dmaBufGet(pick(devs), p, fd);
        case 5, 6 -> k.dmaBufAttach(pick(devs), b);
        case 7, 8 -> k.dmaBufMapAttachmentAsync(pick(devs), b, dir());
        case 9 -> k.dmaBufUnmapAttachment(pick(devs), b);
        case 10 -> k.dmaBufDetach(pick(devs), b);
        case 11, 12 -> k.dmaBufPut(pick(drivers), b);
        case 13 -> {
          int start = rnd.nextInt(nPages);
          k.dmaBufBeginCpuAccess(b, start, 1 + rnd.nextInt(nPages - start + (rnd.nextInt(8) == 0 ? 1 : 0)),
              DataDirection.DMA_BIDIRECTIONAL);
        }
        case 14 -> k.dmaBufEndCpuAccess(b, 0, nPages, DataDirection.DMA_BIDIRECTIONAL);
        case 15 -> k.dmaBufKmap(b, rnd.nextInt(nPages));
        case 16 -> k.dmaBufKunmap(b, rnd.nextInt(nPages));
        case 17 -> k.dmaBufKmapAtomic(pick(ctxs), b, rnd.nextInt(nPages));
        case 18 -> k.dmaBufKunmapAtomic(pick(ctxs), b, rnd.nextInt(nPages));
        case 19 -> k.dmaBufVmap(b);
        case 20 -> k.dmaBufVunmap(b);
        case 21 -> k.dmaBufMmap(p, fd, 1 + rnd.nextInt(nPages + 1), rnd.nextInt(2));
        case 22 -> k.munmap(p, b);
        case 23 -> k.dmaBufLlseek(p, fd, rnd.nextInt(2), pick(List.of(Whence.values())));
        case 24 -> k.fdDup(p, fd);
        case 25, 26 -> k.fdClose(p, fd);
        case 27 -> k.fdSend(p, pick(procs), fd);
        case 28 -> {
          if (rnd.nextInt(4) == 0) {
            k.processExec(p);
          } else {
            k.dmaBufIoctlSync(p, fd, pick(List.of(3L, 7L, 0L)));
          }
        }
        default -> {
          if (rnd.nextInt(3) == 0) {
            k.faults().failNext(pick(List.of(FaultInjector.Point.values())));
          } else {
            k.dmaBufSetName(p, fd, "cam");
          }
        }
      }
    } catch (NotEnabledException | IllegalArgumentException e) {
      // the spec has no step for it (or p = q in fdSend): nothing happened
    }
  }
}
