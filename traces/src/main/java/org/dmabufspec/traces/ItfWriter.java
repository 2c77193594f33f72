package org.dmabufspec.traces;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dmabufspec.spec.value.Value;

/**
 * Writes a trace as an ITF file (Apalache ADR-015), one state at a time.
 *
 * <pre>
 * {
 *   "#meta": {"format": "ITF", "format-description": "...", "source": "DmaBuf.tla", ...},
 *   "vars": ["lastAction", ...],
 *   "states": [
 *     {"#meta": {"index": 0}, "lastAction": {...}, ...},
 *     ...
 *   ]
 * }
 * </pre>
 *
 * <p>Output is deterministic: metadata keys in a fixed order, variables in the order of
 * {@code vars}, record fields by name, set elements and function entries in {@link ValueOrder}.
 * A long trace never has to be in memory: open a writer, {@link #writeState} each state, close.
 */
public final class ItfWriter implements Closeable {

  /** The value of {@code #meta.format-description}. */
  public static final String FORMAT_DESCRIPTION =
      "https://apalache-mc.org/docs/adr/015adr-trace.html";

  static final JsonFactory JSON = JsonFactory.builder().build();

  private final JsonGenerator g;
  private final List<String> vars;
  private int index;

  /**
   * Starts a trace on {@code out}, writing its {@code #meta} and {@code vars}; {@link #close()}
   * finishes the file and closes {@code out}.
   */
  public ItfWriter(Writer out, TraceMeta meta, List<String> vars) throws IOException {
    this.vars = List.copyOf(vars);
    this.g = JSON.createGenerator(out);
    g.setPrettyPrinter(new ItfLayout());
    g.writeStartObject();
    g.writeFieldName("#meta");
    writeMeta(g, meta);
    g.writeFieldName("vars");
    g.writeStartArray();
    for (String v : this.vars) {
      g.writeString(v);
    }
    g.writeEndArray();
    g.writeFieldName("states");
    g.writeStartArray();
  }

  /** Opens {@code file} (created or truncated, UTF-8) for a trace. */
  public static ItfWriter open(Path file, TraceMeta meta, List<String> vars) throws IOException {
    return new ItfWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), meta, vars);
  }

  /** Writes a whole trace to {@code file}. */
  public static void write(Trace trace, Path file) throws IOException {
    try (ItfWriter w = open(file, trace.meta(), trace.vars())) {
      w.writeAll(trace);
    }
  }

  /** The ITF text of a trace. */
  public static String toJson(Trace trace) {
    StringWriter s = new StringWriter();
    try (ItfWriter w = new ItfWriter(s, trace.meta(), trace.vars())) {
      w.writeAll(trace);
    } catch (IOException e) {
      throw new IllegalStateException("a StringWriter does not fail", e);
    }
    return s.toString();
  }

  private void writeAll(Trace trace) throws IOException {
    for (Map<String, Value> s : trace.states()) {
      writeState(s);
    }
  }

  /**
   * Appends the next state.
   *
   * @throws IllegalArgumentException when the state's variables are not exactly {@code vars}
   */
  public void writeState(Map<String, Value> state) throws IOException {
    if (state.size() != vars.size()) {
      throw new IllegalArgumentException("state " + index + " has variables " + state.keySet()
          + ", the trace declares " + vars);
    }
    g.writeStartObject();
    g.writeFieldName("#meta");
    g.writeStartObject();
    g.writeNumberField("index", index);
    g.writeEndObject();
    for (String var : vars) {
      Value v = state.get(var);
      if (v == null) {
        throw new IllegalArgumentException("state " + index + " has no variable '" + var + "'");
      }
      g.writeFieldName(var);
      ItfValues.write(g, v);
    }
    g.writeEndObject();
    index++;
  }

  /** The number of states written so far. */
  public int statesWritten() {
    return index;
  }

  /** Finishes the file (a trace needs at least one state) and closes the output. */
  @Override
  public void close() throws IOException {
    try {
      if (index == 0) {
        throw new IllegalStateException("an ITF trace has at least one state; none was written");
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeRaw('\n');
    } finally {
      g.close();
    }
  }

  static void writeMeta(JsonGenerator g, TraceMeta m) throws IOException {
    g.writeStartObject();
    g.writeStringField("format", "ITF");
    g.writeStringField("format-description", FORMAT_DESCRIPTION);
    optional(g, "source", m.source());
    optional(g, "model-config", m.modelConfig());
    optional(g, "generator", m.generator());
    if (m.seed() != null) {
      // a seed beyond 2^53 would lose digits in a JavaScript reader: write it as a string
      if (Math.abs((double) m.seed()) <= ItfValues.MAX_SAFE.doubleValue()) {
        g.writeNumberField("seed", m.seed());
      } else {
        g.writeStringField("seed", Long.toString(m.seed()));
      }
    }
    optional(g, "profile", m.profile());
    optional(g, "description", m.description());
    for (Map.Entry<String, String> e : m.extra().entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  private static void optional(JsonGenerator g, String key, String value) throws IOException {
    if (value != null) {
      g.writeStringField(key, value);
    }
  }
}
