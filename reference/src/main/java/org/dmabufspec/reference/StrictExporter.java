package org.dmabufspec.reference;

import java.util.List;

/**
 * An exporter that "chooses not to allow an attach() operation once a map_dma_buf() API has
 * been called" (guide NOTES): every attach after the first map fails with EBUSY. Otherwise it
 * behaves as {@link GuideExporter} (with {@code at_export} it can still have to migrate, for a
 * stricter device that attaches before any map).
 */
public class StrictExporter extends GuideExporter {

  /**
   * An exporter with {@code policy}'s allocation and vmap choices that refuses attaches after a
   * map.
   */
  public StrictExporter(ExporterPolicy policy, List<StorageKind> storages, FaultInjector faults) {
    super(policy, storages, faults);
    if (policy.migration() != ExporterPolicy.Migration.REFUSE) {
      throw new IllegalArgumentException("StrictExporter refuses; use GuideExporter for " + policy);
    }
  }

  /** EBUSY once the buffer was mapped; otherwise as {@link GuideExporter#attach}. */
  @Override
  public Result<Void> attach(DmaBuf dmabuf, DmaBufAttachment attach) {
    if (everMapped(dmabuf)) {
      return Result.fail(Errno.EBUSY);
    }
    return super.attach(dmabuf, attach);
  }
}
