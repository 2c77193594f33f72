package org.dmabufspec.reference;

/**
 * Deliberate defects, each breaking one guarantee of the spec, for one purpose only: proving that
 * the conformance harness catches a wrong implementation (a replay of the spec's traces against a
 * defective reference must report a mismatch). Turned on with {@link Config#withDefects}; a
 * {@link Config} has none unless asked, and nothing outside those tests should ask.
 *
 * <p>Each defect works with every {@link Scheduling}, so that a replay in
 * {@link Scheduling#STEPPED} sees it.
 */
public enum Defect {
  /**
   * {@code dma_buf_put} releases the buffer when it leaves one reference instead of none (the
   * spec's bug toggle {@code ReleaseEarly}): the exporter's release runs on the second-to-last
   * put, with the last holder still using the buffer.
   */
  RELEASE_ON_SECOND_TO_LAST_PUT,
  /**
   * The exporter migrates as soon as a migration is pending, without waiting for the importers
   * to unmap (the spec's {@code MigrateWhileMapped}): on the attach of a stricter device it moves
   * the backing storage under the outstanding sg_tables.
   */
  MIGRATE_WHILE_MAPPED,
  /**
   * {@code dma_buf_kmap_atomic} does not enforce the guide's limit of 2 atomic kmaps per context
   * (the spec's {@code ThirdAtomicKmap}).
   */
  THIRD_ATOMIC_KMAP,
  /**
   * {@code dma_buf_llseek} accepts {@code SEEK_CUR} (returning 0) instead of failing with EINVAL
   * (the spec's {@code LlseekAcceptsCur}).
   */
  LLSEEK_ACCEPTS_SEEK_CUR,
  /**
   * {@code execve} keeps the fds marked FD_CLOEXEC open (the spec's {@code ExecKeepsCloexec}).
   */
  EXEC_KEEPS_CLOEXEC
}
