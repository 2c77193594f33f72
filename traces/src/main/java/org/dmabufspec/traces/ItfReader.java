package org.dmabufspec.traces;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dmabufspec.spec.value.Value;

/**
 * Reads an ITF file (Apalache ADR-015) into a {@link Trace}, streaming: the JSON is never held as
 * a tree, only the values it decodes to.
 *
 * <p>Accepts the value forms {@link ItfWriter} writes and, as ADR-015 allows, plain JSON arrays
 * (read as sequences, i.e. tuples) and plain JSON numbers of any size. Top-level fields other than
 * {@code #meta}, {@code vars} and {@code states} (such as {@code params} and {@code loop}) are
 * skipped. Every error is a {@link TraceFormatException} naming the file, the state index when
 * inside a state, the JSON path and the line and column. Equal variable values of different
 * states share one object, so a long trace costs little more memory than its distinct values.
 */
public final class ItfReader {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final String source;
  private final JsonParser p;
  private final String json;
  private final ValueCache cache;
  private int stateIndex = -1;

  private ItfReader(String source, JsonParser p) {
    this(source, p, null, null);
  }

  private ItfReader(String source, JsonParser p, String json, ValueCache cache) {
    this.source = source;
    this.p = p;
    this.json = json;
    this.cache = cache;
  }

  /**
   * Decoded variable values by their JSON text, shared by the files read with it: the traces of
   * one model repeat the same values thousands of times, and decoding a value costs far more than
   * finding its text, above all in a JVM under emulation. Bounded: it starts over when full. Not
   * thread-safe.
   */
  public static final class ValueCache {
    private static final int MAX_ENTRIES = 200_000;
    private final Map<String, Value> byText = new HashMap<>();

    Value get(String text) {
      return byText.get(text);
    }

    void put(String text, Value v) {
      if (byText.size() >= MAX_ENTRIES) {
        byText.clear();
      }
      byText.put(text, v);
    }

    /** Distinct values held. */
    public int size() {
      return byText.size();
    }
  }

  /**
   * Reads the trace in {@code file} (UTF-8), taking the values already decoded from {@code cache}
   * and adding the new ones. The trace is equal to {@link #read(Path)}'s; an error is reported as
   * {@link #read(Path)} reports it.
   */
  public static Trace read(Path file, ValueCache cache) throws IOException {
    String json = Files.readString(file, StandardCharsets.UTF_8);
    try (JsonParser p = MAPPER.getFactory().createParser(json)) {
      return new ItfReader(file.toString(), p, json, cache).trace();
    } catch (TraceFormatException e) {
      // the cached path knows less of where it was: the plain reader names the place
      return parse(json, file.toString());
    }
  }

  /** Reads the trace in {@code file} (UTF-8). */
  public static Trace read(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString());
    }
  }

  /** Reads the trace in {@code json}; {@code source} names it in error messages. */
  public static Trace parse(String json, String source) throws TraceFormatException {
    try {
      return read(new StringReader(json), source);
    } catch (TraceFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("a StringReader does not fail", e);
    }
  }

  /** Reads a trace from {@code in}, which it does not close; {@code source} names it. */
  public static Trace read(Reader in, String source) throws IOException {
    try (JsonParser p = MAPPER.getFactory().createParser(in)) {
      p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
      return new ItfReader(source, p).trace();
    }
  }

  private Trace trace() throws IOException {
    TraceMeta meta = TraceMeta.empty();
    List<String> vars = null;
    List<Map<String, Value>> states = null;
    try {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new JsonParseException(p, "an ITF trace is a JSON object, found "
            + ItfValues.describe(p.currentToken()));
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "#meta": meta = meta(); break;
          case "vars": vars = vars(); break;
          case "states": states = states(); break;
          default: p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new JsonParseException(p, "unexpected content after the trace object");
      }
    } catch (JsonProcessingException e) {
      throw new TraceFormatException(source, here(), e.getOriginalMessage(), e);
    }
    if (vars == null || states == null) {
      throw new TraceFormatException(source, "top level",
          "an ITF trace needs both \"vars\" and \"states\"");
    }
    if (states.isEmpty()) {
      throw new TraceFormatException(source, "at /states", "a trace has at least one state");
    }
    checkVariables(vars, states);
    return new Trace(meta, vars, states);
  }

  private void checkVariables(List<String> vars, List<Map<String, Value>> states)
      throws TraceFormatException {
    Set<String> declared = new HashSet<>(vars);
    if (declared.size() != vars.size()) {
      throw new TraceFormatException(source, "at /vars", "variables repeat: " + vars);
    }
    for (int i = 0; i < states.size(); i++) {
      Set<String> have = states.get(i).keySet();
      if (!have.equals(declared)) {
        Set<String> missing = new java.util.TreeSet<>(declared);
        missing.removeAll(have);
        Set<String> unknown = new java.util.TreeSet<>(have);
        unknown.removeAll(declared);
        throw new TraceFormatException(source, "state " + i + ", at /states/" + i,
            "variables missing " + missing + ", not declared in vars " + unknown);
      }
    }
  }

  private TraceMeta meta() throws IOException {
    expect(JsonToken.START_OBJECT, "#meta is an object");
    String src = null;
    String config = null;
    String generator = null;
    Long seed = null;
    String profile = null;
    String description = null;
    Map<String, String> extra = new TreeMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      p.nextToken();
      switch (key) {
        case "format":
          if (!"ITF".equals(text(key))) {
            throw new JsonParseException(p, "#meta.format is \"" + p.getText() + "\", not \"ITF\"");
          }
          break;
        case "format-description": text(key); break;
        case "source": src = text(key); break;
        case "model-config": config = text(key); break;
        case "generator": generator = text(key); break;
        case "seed": seed = seed(); break;
        case "profile": profile = text(key); break;
        case "description": description = text(key); break;
        default:
          extra.put(key, p.currentToken() == JsonToken.VALUE_STRING
              ? p.getText() : MAPPER.writeValueAsString(p.readValueAsTree()));
      }
    }
    return new TraceMeta(src, config, generator, seed, profile, description, extra);
  }

  private Long seed() throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    String s = text("seed");
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new JsonParseException(p, "#meta.seed \"" + s + "\" is not a 64-bit integer");
    }
  }

  private List<String> vars() throws IOException {
    expect(JsonToken.START_ARRAY, "vars is an array of variable names");
    List<String> names = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      names.add(text("a variable name"));
    }
    return names;
  }

  private List<Map<String, Value>> states() throws IOException {
    expect(JsonToken.START_ARRAY, "states is an array of states");
    List<Map<String, Value>> out = new ArrayList<>();
    // consecutive states mostly repeat their variables' values: share one copy of each
    Map<Value, Value> seen = new HashMap<>();
    for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
      stateIndex = i;
      expect(JsonToken.START_OBJECT, "a state is an object");
      Map<String, Value> state = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String var = p.currentName();
        p.nextToken();
        if (var.equals("#meta")) {
          stateMeta();
        } else if (state.put(var, seen.computeIfAbsent(value(), v -> v)) != null) {
          throw new JsonParseException(p, "variable '" + var + "' appears twice");
        }
      }
      out.add(Collections.unmodifiableMap(state));
      stateIndex = -1;
    }
    return out;
  }

  /** The variable value at the parser, from the cache when its JSON text was decoded before. */
  private Value value() throws IOException {
    JsonToken t = p.currentToken();
    if (cache == null || (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY)) {
      return ItfValues.read(p);
    }
    int start = (int) p.currentTokenLocation().getCharOffset();
    p.skipChildren();
    int end = (int) p.currentLocation().getCharOffset();
    String text = json.substring(start, end);
    Value v = cache.get(text);
    if (v == null) {
      try (JsonParser sub = MAPPER.getFactory().createParser(text)) {
        sub.nextToken();
        v = ItfValues.read(sub);
      } catch (JsonProcessingException e) {
        throw new JsonParseException(p, e.getOriginalMessage());
      }
      cache.put(text, v);
    }
    return v;
  }

  /** A state's {@code #meta}; its {@code index}, when present, must be the state's position. */
  private void stateMeta() throws IOException {
    expect(JsonToken.START_OBJECT, "a state's #meta is an object");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      p.nextToken();
      if (key.equals("index")) {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getLongValue() != stateIndex) {
          throw new JsonParseException(p, "#meta.index is " + p.getText() + " in state "
              + stateIndex + " (states must be listed in order)");
        }
      } else {
        p.skipChildren();
      }
    }
  }

  private void expect(JsonToken t, String what) throws IOException {
    if (p.currentToken() != t) {
      throw new JsonParseException(p, what + ", found " + ItfValues.describe(p.currentToken()));
    }
  }

  private String text(String what) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new JsonParseException(p, what + " must be a string, found "
          + ItfValues.describe(p.currentToken()));
    }
    return p.getText();
  }

  /** Where the parser is: state index, JSON path, line and column. */
  private String here() {
    JsonLocation loc = p.currentLocation();
    String at = "at " + pointer(p) + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr()
        + ")";
    return stateIndex >= 0 ? "state " + stateIndex + ", " + at : at;
  }

  /** The JSON pointer of the parser's current token, {@code /} at the top level. */
  static String pointer(JsonParser p) {
    String s = p.getParsingContext().pathAsPointer().toString();
    return s.isEmpty() ? "/" : s;
  }
}
