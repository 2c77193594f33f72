package org.dmabufspec.traces;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import org.dmabufspec.spec.value.Value;

/**
 * Appends events to an NDJSON log, one JSON object per line, from any number of threads.
 *
 * <p>Each event is written whole under one lock, so lines never interleave. {@link #record}
 * assigns the sequence number under that same lock: when the caller records each call while it
 * still holds whatever serialises the calls, the log's order is the calls' order. Output is
 * buffered; {@link #flush()} and {@link #close()} push it to the file. As a
 * {@code Consumer<LogEvent>} the writer is an event sink: {@link #accept} rethrows I/O errors
 * as {@link UncheckedIOException}.
 */
public final class NdjsonLogWriter implements Consumer<LogEvent>, Flushable, Closeable {

  private final JsonGenerator g;
  private long nextSeq;
  private boolean closed;

  /** Writes to {@code out}, which {@link #close()} closes; sequence numbers start at 0. */
  public NdjsonLogWriter(Writer out) throws IOException {
    this.g = ItfWriter.JSON.createGenerator(out);
    g.setRootValueSeparator(null); // each event ends with its own newline
  }

  /** Creates (or truncates) {@code file}. */
  public static NdjsonLogWriter create(Path file) throws IOException {
    return new NdjsonLogWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
  }

  /** Appends to {@code file}, creating it if needed; sequence numbers continue from {@code firstSeq}. */
  public static NdjsonLogWriter append(Path file, long firstSeq) throws IOException {
    NdjsonLogWriter w = new NdjsonLogWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    w.nextSeq = firstSeq;
    return w;
  }

  /**
   * Records a call made by the current thread with the next sequence number.
   *
   * @return the sequence number it got
   */
  public synchronized long record(ActionCall call) throws IOException {
    long seq = nextSeq;
    write(new LogEvent(seq, call, Thread.currentThread().getName()));
    return seq;
  }

  /**
   * Appends an event with the caller's own sequence number; later {@link #record} calls number
   * from one past the largest seen.
   */
  public synchronized void write(LogEvent e) throws IOException {
    if (closed) {
      throw new IOException("the log is closed");
    }
    g.writeStartObject();
    g.writeNumberField("seq", e.seq());
    g.writeStringField("action", e.call().name());
    g.writeFieldName("args");
    g.writeStartArray();
    for (Value a : e.call().args()) {
      ItfValues.write(g, a);
    }
    g.writeEndArray();
    g.writeStringField("outcome", e.call().outcome());
    g.writeNumberField("ret", e.call().ret());
    if (e.thread() != null) {
      g.writeStringField("thread", e.thread());
    }
    g.writeEndObject();
    g.writeRaw('\n');
    nextSeq = Math.max(nextSeq, e.seq() + 1);
  }

  /** {@link #write} for use as a sink. */
  @Override
  public void accept(LogEvent e) {
    try {
      write(e);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    g.flush();
  }

  /** Flushes and closes the file; closing twice is harmless. */
  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      g.close();
    }
  }
}
