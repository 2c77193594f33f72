package org.dmabufspec.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The random sequences of {@link SpecInvariantsPropertiesTest} are only as good as the states
 * they reach: with a fixed seed they must produce every outcome the spec's actions can have.
 */
class GeneratorCoverageTest {

  /** Every (action, outcome) pair of the spec. */
  static final Set<String> SPEC_OUTCOMES = Set.of(
      "DmaBufExport:ok", "DmaBufExport:ENOMEM",
      "DmaBufFd:fd", "DmaBufFd:EMFILE",
      "DmaBufGet:ok", "DmaBufGet:EBADF",
      "DmaBufAttach:attachment", "DmaBufAttach:EBUSY", "DmaBufAttach:EINVAL",
      "DmaBufMapAttachment:sg_table", "DmaBufMapAttachment:EINVAL", "DmaBufMapAttachment:EBUSY",
      "DmaBufMapAttachment:EINTR", "DmaBufMapAttachment:stalled",
      "DmaBufUnmapAttachment:ok", "DmaBufUnmapAttachment:EINVAL",
      "DmaBufDetach:ok", "DmaBufDetach:EINVAL", "DmaBufDetach:EBUSY",
      "DmaBufPut:ok", "DmaBufPut:EINVAL", "DmaBufPut:EBUSY",
      "DmaBufRelease:ok", "ExporterMigrate:ok",
      "DmaBufBeginCpuAccess:ok", "DmaBufBeginCpuAccess:EINVAL", "DmaBufBeginCpuAccess:EBUSY",
      "DmaBufBeginCpuAccess:ENOMEM",
      "DmaBufEndCpuAccess:ok", "DmaBufEndCpuAccess:EINVAL", "DmaBufEndCpuAccess:EBUSY",
      "DmaBufKmap:ptr", "DmaBufKmap:EINVAL", "DmaBufKmap:EBUSY",
      "DmaBufKunmap:ok", "DmaBufKunmap:EINVAL",
      "DmaBufKmapAtomic:ptr", "DmaBufKmapAtomic:EINVAL", "DmaBufKmapAtomic:EBUSY",
      "DmaBufKunmapAtomic:ok", "DmaBufKunmapAtomic:EINVAL",
      "DmaBufVmap:addr", "DmaBufVmap:EINVAL", "DmaBufVmap:ENOMEM",
      "DmaBufVunmap:ok", "DmaBufVunmap:EINVAL",
      "DmaBufMmap:ok", "DmaBufMmap:EINVAL", "DmaBufMmap:EBADF",
      "Munmap:ok",
      "DmaBufLlseek:ok", "DmaBufLlseek:EINVAL", "DmaBufLlseek:ESPIPE", "DmaBufLlseek:EBADF",
      "FdDup:fd", "FdDup:EMFILE", "FdDup:EBADF",
      "FdClose:ok", "FdClose:EBADF",
      "FdSend:fd", "FdSend:EMFILE", "FdSend:EBADF",
      "ProcessExec:ok",
      "DmaBufIoctlSync:ok", "DmaBufIoctlSync:EINVAL", "DmaBufIoctlSync:ENOTTY", "DmaBufIoctlSync:EBADF",
      "DmaBufSetName:ok", "DmaBufSetName:EBUSY", "DmaBufSetName:ENOTTY", "DmaBufSetName:EBADF");

  @Test
  void theSequencesReachEveryOutcomeOfTheSpec() {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    qt().withFixedSeed(20260101L).withExamples(400)
        .forAll(SpecInvariantsPropertiesTest.configs(), SpecInvariantsPropertiesTest.sequences())
        .checkAssert((cfg, ops) -> {
          SpecInvariantsPropertiesTest.Run run = new SpecInvariantsPropertiesTest.Run(cfg, Scheduling.STEPPED);
          run.all(ops);
          synchronized (run.rec.events) {
            run.rec.events.forEach(e -> seen.add(e.action() + ":" + e.outcome()));
          }
        });
    Set<String> missing = new TreeSet<>(SPEC_OUTCOMES);
    missing.removeAll(seen);
    assertTrue(missing.isEmpty(), () -> "never reached: " + missing);
    Set<String> extra = new TreeSet<>(seen);
    extra.removeAll(SPEC_OUTCOMES);
    assertTrue(extra.isEmpty(), () -> "outcomes the spec does not have: " + extra);
  }
}
