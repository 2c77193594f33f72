package org.dmabufspec.reference;

/**
 * Who runs the steps that are nobody's call: the deferred release of a file whose last
 * reference went (fput's task_work), the exporter's migration, and the return of a stalled map.
 * Chosen when the {@link ReferenceKernel} is built.
 */
public enum Scheduling {
  /**
   * As a kernel does it. The release runs before the call that dropped the last reference
   * returns (task_work on the return to user space); the exporter migrates as soon as nothing is
   * mapped and a migration is pending; a stalled map returns as soon as no migration is pending.
   */
  AUTOMATIC,
  /**
   * For replaying the spec, where {@code DmaBufRelease} and {@code ExporterMigrate} are steps of
   * their own: the release runs only when {@link ReferenceKernel#dmaBufRelease} is called, the
   * migration only when {@link ReferenceKernel#exporterMigrate} is called. A stalled map still
   * returns by itself once no migration is pending (the spec's
   * {@code DmaBufMapAttachmentResume}, which is not a call).
   */
  DEFERRED,
  /**
   * As {@link #DEFERRED}, and a stalled map returns only when
   * {@link ReferenceKernel#dmaBufMapAttachmentResume} is called, so that every state of a spec
   * trace is reproduced exactly (no race between the resume and the next step).
   */
  STEPPED
}
