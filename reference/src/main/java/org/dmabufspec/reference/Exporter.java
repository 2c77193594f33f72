package org.dmabufspec.reference;

import java.util.List;
import java.util.Optional;

/**
 * The exporting driver: its {@link DmaBufOps} plus what only the exporter knows and the spec
 * observes (the backing storage, whether a map happened) and its internal migration, which has
 * no kernel entry point (it runs "in the exporter's map_dma_buf or a worker").
 *
 * <p>The core calls every method with the buffer's lock held; {@link #storage} and
 * {@link #everMapped} may also be called without it.
 */
public interface Exporter extends DmaBufOps {

  /**
   * The exporter named by {@code policy}'s migration choice: {@link GuideExporter} for
   * "migrate", {@link StrictExporter} for "refuse".
   *
   * @param policy the exporter's choices
   * @param storages the storage kinds it can allocate, least strict first
   * @param faults where its begin_cpu_access and vmap learn to fail
   */
  static Exporter forPolicy(ExporterPolicy policy, List<StorageKind> storages, FaultInjector faults) {
    return switch (policy.migration()) {
      case MIGRATE -> new GuideExporter(policy, storages, faults);
      case REFUSE -> new StrictExporter(policy, storages, faults);
    };
  }

  /** The choices this exporter made. */
  ExporterPolicy policy();

  /**
   * Allocates the exporter's private data for a buffer about to be exported (what becomes
   * {@code dmabuf->priv}); with {@code at_export} also its backing storage.
   */
  Object allocate(DmaBuf dmabuf);

  /** The buffer's current backing storage; empty before it is allocated and after release. */
  Optional<StorageKind> storage(DmaBuf dmabuf);

  /** True once map_dma_buf was called for the buffer (the spec's {@code everMapped}). */
  boolean everMapped(DmaBuf dmabuf);

  /**
   * The spec's {@code MigrationPending(b)}: the storage is allocated and some attached device
   * cannot reach it. map_dma_buf stalls while this holds.
   */
  boolean migrationPending(DmaBuf dmabuf);

  /**
   * Moves the buffer to the least strict storage every attached device accepts. Called only
   * while nothing is mapped and a migration is pending.
   */
  void migrate(DmaBuf dmabuf);
}
