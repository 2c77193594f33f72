package org.dmabufspec.traces;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.dmabufspec.spec.value.Value;

/**
 * Reads an NDJSON log written by {@link NdjsonLogWriter} (or by anything else that follows the
 * format): one event object per line; blank lines are skipped.
 *
 * <p>{@code seq}, {@code action}, {@code args} and {@code outcome} are required; {@code ret}
 * defaults to 0 and {@code thread} to null; other fields are ignored. A bad line is reported as a
 * {@link TraceFormatException} with its line number and the JSON path inside the line.
 */
public final class NdjsonLogReader {
  private NdjsonLogReader() {}

  /** All events of {@code file}, in file order. */
  public static List<LogEvent> read(Path file) throws IOException {
    List<LogEvent> out = new ArrayList<>();
    forEach(file, out::add);
    return out;
  }

  /** Hands each event of {@code file} to {@code sink} as it is read. */
  public static void forEach(Path file, Consumer<LogEvent> sink) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      forEach(in, file.toString(), sink);
    }
  }

  /** Hands each event read from {@code in} to {@code sink}; {@code source} names the input. */
  public static void forEach(Reader in, String source, Consumer<LogEvent> sink)
      throws IOException {
    BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
    String line;
    for (int number = 1; (line = lines.readLine()) != null; number++) {
      if (!line.isBlank()) {
        sink.accept(parseLine(line, source, number));
      }
    }
  }

  /** Parses one line; {@code source} and {@code lineNumber} go into error messages. */
  public static LogEvent parseLine(String line, String source, int lineNumber)
      throws TraceFormatException {
    try (JsonParser p = ItfWriter.JSON.createParser(line)) {
      try {
        LogEvent e = event(p);
        if (p.nextToken() != null) {
          throw new JsonParseException(p, "more than one JSON value on the line");
        }
        return e;
      } catch (JsonProcessingException e) {
        throw new TraceFormatException(source, "line " + lineNumber + ", at "
            + ItfReader.pointer(p) + " (column " + p.currentLocation().getColumnNr() + ")",
            e.getOriginalMessage(), e);
      }
    } catch (TraceFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new TraceFormatException(source, "line " + lineNumber, e.getMessage(), e);
    }
  }

  private static LogEvent event(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new JsonParseException(p, "an event is a JSON object, found "
          + ItfValues.describe(p.currentToken()));
    }
    Long seq = null;
    String action = null;
    List<Value> args = null;
    String outcome = null;
    long ret = 0;
    String thread = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "seq": seq = integer(p, field); break;
        case "action": action = string(p, field); break;
        case "args": args = ItfValues.readElements(p); break;
        case "outcome": outcome = string(p, field); break;
        case "ret": ret = integer(p, field); break;
        case "thread": thread = p.currentToken() == JsonToken.VALUE_NULL ? null : string(p, field);
          break;
        default: p.skipChildren();
      }
    }
    String missing = seq == null ? "seq" : action == null ? "action" : args == null ? "args"
        : outcome == null ? "outcome" : null;
    if (missing != null) {
      throw new JsonParseException(p, "the event has no \"" + missing + "\"");
    }
    return new LogEvent(seq, new ActionCall(action, args, outcome, ret), thread);
  }

  private static long integer(JsonParser p, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT
        || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new JsonParseException(p, field + " must be a 64-bit integer, found "
          + ItfValues.describe(p.currentToken()));
    }
    return p.getLongValue();
  }

  private static String string(JsonParser p, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new JsonParseException(p, field + " must be a string, found "
          + ItfValues.describe(p.currentToken()));
    }
    return p.getText();
  }
}
