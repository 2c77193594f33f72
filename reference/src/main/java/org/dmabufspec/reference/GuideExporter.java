package org.dmabufspec.reference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The guide's full exporter: it defers allocation to the first map ("the exporter can now
 * choose to scan through the list of attachments for this buffer, collate the requirements of
 * the attached devices, and choose an appropriate backing storage"), choosing the least strict
 * storage every attached device accepts; it accepts a stricter device after a map when the
 * constraints can still be met, and then stalls maps until everything is unmapped and it has
 * migrated (guide NOTES, "Migration of backing storage if needed").
 *
 * <p>With {@link ExporterPolicy.Alloc#AT_EXPORT} it allocates the least strict storage at export
 * instead; without vmap support it leaves the vmap callback out.
 */
public class GuideExporter implements Exporter {
  /** A fake kernel address space for the pointers kmap and vmap return. */
  private static final long KERNEL_BASE = 0xffff_8880_0000_0000L;

  private final ExporterPolicy policy;
  private final List<StorageKind> storages;
  private final FaultInjector faults;

  /**
   * The exporter's private data for one buffer ({@code dmabuf->priv}).
   */
  static final class Backing {
    StorageKind storage;
    boolean everMapped;
    final long base;

    Backing(StorageKind storage, long base) {
      this.storage = storage;
      this.base = base;
    }
  }

  /**
   * An exporter with {@code policy}'s choices.
   *
   * @param policy allocation, migration and vmap choices
   * @param storages the kinds it can allocate, least strict first
   * @param faults where begin_cpu_access and vmap learn to fail
   */
  public GuideExporter(ExporterPolicy policy, List<StorageKind> storages, FaultInjector faults) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.storages = List.copyOf(storages);
    this.faults = Objects.requireNonNull(faults, "faults");
    if (this.storages.isEmpty()) {
      throw new IllegalArgumentException("an exporter needs at least one storage kind");
    }
    if (getClass() == GuideExporter.class && policy.migration() != ExporterPolicy.Migration.MIGRATE) {
      throw new IllegalArgumentException("GuideExporter migrates; use StrictExporter for " + policy);
    }
  }

  @Override
  public ExporterPolicy policy() {
    return policy;
  }

  @Override
  public Object allocate(DmaBuf dmabuf) {
    long base = KERNEL_BASE + ((long) (dmabuf.id().hashCode() & 0xffff) << 24);
    return new Backing(policy.alloc() == ExporterPolicy.Alloc.AT_EXPORT ? storages.get(0) : null, base);
  }

  @Override
  public Optional<StorageKind> storage(DmaBuf dmabuf) {
    dmabuf.lock.lock();
    try {
      Backing b = backing(dmabuf);
      return b == null ? Optional.empty() : Optional.ofNullable(b.storage);
    } finally {
      dmabuf.lock.unlock();
    }
  }

  @Override
  public boolean everMapped(DmaBuf dmabuf) {
    dmabuf.lock.lock();
    try {
      Backing b = backing(dmabuf);
      return b != null && b.everMapped;
    } finally {
      dmabuf.lock.unlock();
    }
  }

  @Override
  public boolean migrationPending(DmaBuf dmabuf) {
    Backing b = backing(dmabuf);
    if (b == null || b.storage == null) {
      return false;
    }
    for (DmaBufAttachment a : dmabuf.attachmentsLocked()) {
      if (!a.device().accepts(b.storage)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void migrate(DmaBuf dmabuf) {
    backing(dmabuf).storage = choose(devices(dmabuf.attachmentsLocked()));
  }

  /**
   * Accepts the device when some storage suits it and every device already attached (the
   * spec's {@code Compatible(attached[b] \cup {d}) # {}}); EINVAL otherwise.
   */
  @Override
  public Result<Void> attach(DmaBuf dmabuf, DmaBufAttachment attach) {
    List<Device> all = devices(dmabuf.attachmentsLocked());
    all.add(attach.device());
    return compatible(all).isEmpty() ? Result.fail(Errno.EINVAL) : Result.ok(null);
  }

  /** On the first map, allocates the least strict storage every attached device accepts. */
  @Override
  public Result<SgTable> mapDmaBuf(DmaBufAttachment attach, DataDirection dir) {
    DmaBuf dmabuf = attach.dmabuf();
    Backing b = backing(dmabuf);
    if (b.storage == null) {
      b.storage = choose(devices(dmabuf.attachmentsLocked()));
    }
    b.everMapped = true;
    return Result.ok(Outcome.SG_TABLE, 0,
        new SgTable(dmabuf.id(), attach.device().name(), b.storage, dmabuf.pages(), dmabuf.size(), dir));
  }

  @Override
  public void unmapDmaBuf(DmaBufAttachment attach, SgTable table, DataDirection dir) {}

  /** Frees the backing storage. */
  @Override
  public void release(DmaBuf dmabuf) {
    backing(dmabuf).storage = null;
  }

  @Override
  public Result<Void> beginCpuAccess(DmaBuf dmabuf, int start, int len, DataDirection dir) {
    if (faults.shouldFail(FaultInjector.Point.BEGIN_CPU_ACCESS, dmabuf.id())) {
      return Result.fail(Errno.ENOMEM);
    }
    return Result.ok(null);
  }

  @Override
  public long kmap(DmaBuf dmabuf, int page) {
    return backing(dmabuf).base + (long) page * 4096;
  }

  @Override
  public long kmapAtomic(DmaBuf dmabuf, int page) {
    return kmap(dmabuf, page);
  }

  @Override
  public Result<Long> vmap(DmaBuf dmabuf) {
    if (!policy.vmapSupported()) {
      return Exporter.super.vmap(dmabuf);
    }
    if (faults.shouldFail(FaultInjector.Point.VMAP, dmabuf.id())) {
      return Result.fail(Errno.ENOMEM);
    }
    return Result.ok(Outcome.ADDR, 0, backing(dmabuf).base);
  }

  @Override
  public Result<Void> mmap(DmaBuf dmabuf, Mapping vma) {
    return Result.ok(null);
  }

  /** The spec's {@code Compatible(S)}: the kinds every device of {@code devices} accepts. */
  final List<StorageKind> compatible(Collection<Device> devices) {
    List<StorageKind> out = new ArrayList<>();
    for (StorageKind k : storages) {
      if (devices.stream().allMatch(d -> d.accepts(k))) {
        out.add(k);
      }
    }
    return out;
  }

  /** The spec's {@code Choose(S)}: the least strict compatible kind. */
  final StorageKind choose(Collection<Device> devices) {
    List<StorageKind> ok = compatible(devices);
    if (ok.isEmpty()) {
      throw new IllegalStateException("no storage suits " + devices + ": attach should have refused");
    }
    return ok.get(0);
  }

  static Backing backing(DmaBuf dmabuf) {
    return (Backing) dmabuf.privLocked();
  }

  private static List<Device> devices(List<DmaBufAttachment> attachments) {
    List<Device> out = new ArrayList<>();
    for (DmaBufAttachment a : attachments) {
      out.add(a.device());
    }
    return out;
  }
}
