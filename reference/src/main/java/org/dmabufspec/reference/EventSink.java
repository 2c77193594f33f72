package org.dmabufspec.reference;

/**
 * Receives every call the reference completes, in the order the calls took effect, including
 * the steps nobody called (a deferred {@code DmaBufRelease}, an automatic
 * {@code ExporterMigrate}) and both halves of a stalled map ({@code "stalled"}, then
 * {@code "sg_table"} or {@code "EINTR"}). Calls that are not enabled in the spec
 * ({@link NotEnabledException}) produce no event.
 *
 * <p>The sink runs on the calling thread with the reference's locks held: it must be quick and
 * must not call back into the {@link ReferenceKernel}. With {@link #NONE} the reference builds
 * no event at all.
 */
@FunctionalInterface
public interface EventSink {
  /** The sink that records nothing; the reference skips tracing entirely. */
  EventSink NONE = e -> {};

  /** Called once per completed call. */
  void accept(CallEvent event);
}
