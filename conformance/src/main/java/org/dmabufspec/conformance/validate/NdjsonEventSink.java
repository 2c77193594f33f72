package org.dmabufspec.conformance.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dmabufspec.reference.CallEvent;
import org.dmabufspec.reference.EventSink;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.spec.value.Values;
import org.dmabufspec.traces.ActionCall;
import org.dmabufspec.traces.LogEvent;
import org.dmabufspec.traces.NdjsonLogWriter;

/**
 * The reference's {@link EventSink} writing an NDJSON log through {@link NdjsonLogWriter}: one
 * line per call, with its action, arguments, outcome, ret and thread.
 *
 * <p>Order: the reference calls its sink while it still holds the locks that order the call
 * against every conflicting call (the buffer's {@code dma_buf->lock}, the process's fd table
 * lock), and this sink takes its sequence number and writes the line under the writer's own
 * lock, in one step. Two calls that conflict therefore appear in the order they took effect;
 * calls that do not conflict commute, so the log's order is a linearization of the run. The
 * internal steps (the deferred {@code DmaBufRelease}, {@code ExporterMigrate}, and the second
 * half of a stalled map, recorded as the spec records it: {@code DmaBufMapAttachment} with
 * outcome {@code sg_table} or {@code EINTR}) reach the sink as their own events.
 */
public final class NdjsonEventSink implements EventSink, AutoCloseable {
  private final NdjsonLogWriter writer;
  private long nextSeq;

  public NdjsonEventSink(NdjsonLogWriter writer) {
    this.writer = Objects.requireNonNull(writer, "writer");
  }

  @Override
  public void accept(CallEvent e) {
    ActionCall call = toCall(e);
    synchronized (writer) {
      try {
        writer.write(new LogEvent(nextSeq++, call, e.thread()));
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
    }
  }

  /** The reference's event as the spec's {@code lastAction} record. */
  public static ActionCall toCall(CallEvent e) {
    List<Value> args = new ArrayList<>(e.args().size());
    for (Object a : e.args()) {
      args.add(value(a));
    }
    return new ActionCall(e.action(), args, e.outcome(), e.ret());
  }

  static Value value(Object a) {
    if (a instanceof Boolean b) {
      return Values.bool(b);
    }
    if (a instanceof Number n) {
      return Values.num(n.longValue());
    }
    if (a instanceof String s) {
      return Values.str(s);
    }
    if (a == null) {
      return Values.str("NULL");
    }
    return Values.str(a.toString());
  }

  /** Events written so far. */
  public long count() {
    synchronized (writer) {
      return nextSeq;
    }
  }

  public void flush() throws IOException {
    writer.flush();
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
