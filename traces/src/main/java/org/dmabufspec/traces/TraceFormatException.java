package org.dmabufspec.traces;

import java.io.IOException;

/**
 * A trace or log file that cannot be read: the message names the file, the place in it (state
 * index and JSON path for ITF, line number for NDJSON) and what was wrong.
 */
public final class TraceFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String location;

  public TraceFormatException(String source, String location, String problem, Throwable cause) {
    super(source + ": " + location + ": " + problem, cause);
    this.source = source;
    this.location = location;
  }

  public TraceFormatException(String source, String location, String problem) {
    this(source, location, problem, null);
  }

  /** The file (or the name the caller gave the stream). */
  public String source() {
    return source;
  }

  /** Where in the file, e.g. {@code "state 3, at /states/3/x/#set/0"} or {@code "line 7"}. */
  public String location() {
    return location;
  }
}
