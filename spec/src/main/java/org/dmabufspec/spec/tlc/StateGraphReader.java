package org.dmabufspec.spec.tlc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmabufspec.spec.value.Value;

/**
 * Reads the state graph TLC writes with {@code -dump dot,actionlabels FILE} into a
 * {@link StateGraph}, streaming line by line (files of hundreds of megabytes are fine).
 *
 * <p>What TLC 2.18's {@code DotStateWriter} writes, one statement per line:
 * <pre>
 * 8479679024704111852 [label="/\\ x = 0\n/\\ y = \"a\"",style = filled]     an initial state
 * 8479679024704111852 -> 2092811159 [label="IncX",color="black",fontcolor="black"];  an edge
 * 2092811159 [label="/\\ x = 1\n/\\ y = \"a\""];                            a new successor
 * 2092811159 -> 2092811159 [style="dashed"];    stuttering self-loop (only when checking liveness)
 * {rank = same; 8479679024704111852;}           BFS levels, and a legend with {@code colorize}
 * </pre>
 * Node ids are TLC's 64-bit state fingerprints (negative too). A node's label is the state as TLC
 * prints it, escaped for dot: {@code \} became {@code \\}, {@code "} became {@code \"}, and line
 * breaks {@code \n}; this reader undoes that and parses the state with {@link TlaValueParser}.
 *
 * <p><b>Initial states</b> are exactly the nodes TLC writes with {@code style = filled} (it writes
 * each initial state that way, and every later node without a style). Deriving them as "nodes
 * without incoming edges" would be wrong: an initial state can be re-entered by a transition.
 *
 * <p><b>Edges</b> are de-duplicated on {@code (from, to, action)}: TLC writes one line per
 * generated successor, so an edge reached by two bindings of one action appears twice. The dashed
 * stuttering self-loops TLC adds for every state when a {@code PROPERTY} is checked are not
 * transitions of the spec and are left out unless {@link #includeStuttering(boolean)} asks for
 * them (with the action name {@link #STUTTERING}). Without {@code actionlabels} TLC writes an empty
 * label, and the edges carry the action {@code ""}.
 *
 * <p>Values repeat across states; the reader caches parsed conjuncts ({@code var = value}) so that
 * equal values are parsed once and shared.
 */
public final class StateGraphReader {

  /** The action name given to TLC's stuttering self-loops when they are included. */
  public static final String STUTTERING = "<stuttering>";

  /** The conjunct cache is cleared when it reaches this many entries, to bound its memory. */
  private static final int CACHE_LIMIT = 200_000;

  private boolean includeStuttering;

  /** A reader that leaves out stuttering self-loops. */
  public StateGraphReader() {}

  /** Whether to keep TLC's dashed stuttering self-loops as edges (default {@code false}). */
  public StateGraphReader includeStuttering(boolean on) {
    this.includeStuttering = on;
    return this;
  }

  /** Reads a dot file with the default settings. */
  public static StateGraph read(Path dotFile) throws IOException {
    return new StateGraphReader().readFile(dotFile);
  }

  /** Reads a dot file. */
  public StateGraph readFile(Path dotFile) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(dotFile, StandardCharsets.UTF_8)) {
      return readFrom(r, dotFile.toString());
    }
  }

  /** Reads dot text from a reader (not closed). */
  public StateGraph read(Reader reader) throws IOException {
    BufferedReader r = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
    return readFrom(r, "<reader>");
  }

  private StateGraph readFrom(BufferedReader r, String source) throws IOException {
    Parse p = new Parse(source);
    String line;
    while ((line = r.readLine()) != null) {
      p.line(line);
    }
    return p.graph();
  }

  /** The state of one read. */
  private final class Parse {
    private final String source;
    private long lineNo;
    private final Map<Long, Map<String, Value>> states = new HashMap<>();
    private final Set<Long> initial = new LinkedHashSet<>();
    private final EdgeTable edges = new EdgeTable();
    private final LongHashSet nodeIds = new LongHashSet();
    private final Map<String, String> actionNames = new HashMap<>();
    private final List<String> plainActionNames = new ArrayList<>();
    private final Map<String, Map.Entry<String, Value>> conjunctCache = new HashMap<>();
    private final Map<List<String>, String[]> keyArrays = new HashMap<>();
    private final StringBuilder label = new StringBuilder(256);
    private final List<String> names = new ArrayList<>();
    private final List<Value> values = new ArrayList<>();

    Parse(String source) {
      this.source = source;
    }

    void line(String line) throws IOException {
      lineNo++;
      if (line.isEmpty()) {
        return;
      }
      char c = line.charAt(0);
      if (c != '-' && (c < '0' || c > '9')) {
        return; // graph header, rank groups, legend, closing braces
      }
      int i = 0;
      if (c == '-') {
        i++;
      }
      while (i < line.length() && isAsciiDigit(line.charAt(i))) {
        i++;
      }
      long id = parseId(line, 0, i);
      if (line.startsWith(" -> ", i)) {
        edge(line, id, i + 4);
      } else if (line.startsWith(" [label=\"", i)) {
        node(line, id, i + 9);
      } else {
        throw fail("unexpected statement");
      }
    }

    private void edge(String line, long from, int at) throws IOException {
      int i = at;
      if (i < line.length() && line.charAt(i) == '-') {
        i++;
      }
      while (i < line.length() && isAsciiDigit(line.charAt(i))) {
        i++;
      }
      long to = parseId(line, at, i);
      String action;
      if (line.startsWith(" [style=\"dashed\"]", i)) {
        if (!includeStuttering) {
          return;
        }
        action = STUTTERING;
      } else if (line.startsWith(" [label=\"", i)) {
        action = actionName(line, i + 9);
      } else {
        action = "";
      }
      edges.add(from, to, action);
    }

    /**
     * The action label starting at {@code at}: one of the few names seen before, found without
     * allocating, or else unescaped and remembered.
     */
    private String actionName(String line, int at) throws IOException {
      for (String known : plainActionNames) {
        int end = at + known.length();
        if (end < line.length() && line.charAt(end) == '"'
            && line.regionMatches(at, known, 0, known.length())) {
          return known;
        }
      }
      label.setLength(0);
      unescapeQuoted(line, at);
      String name = actionNames.computeIfAbsent(label.toString(), k -> k);
      if (name.indexOf('\\') < 0 && name.indexOf('"') < 0 && !plainActionNames.contains(name)) {
        plainActionNames.add(name); // printed unescaped, so it can be matched in place
      }
      return name;
    }

    private void node(String line, long id, int at) throws IOException {
      label.setLength(0);
      int end = unescapeQuoted(line, at);
      boolean isInitial = line.indexOf("style = filled", end) >= 0;
      Map<String, Value> state;
      try {
        state = state();
      } catch (TlaParseException e) {
        throw fail("bad state label: " + e.getMessage());
      }
      if (!nodeIds.add(id)) {
        throw fail("node " + id + " written twice");
      }
      states.put(id, state);
      if (isInitial) {
        initial.add(id);
      }
    }

    /**
     * Appends the unescaped text of the quoted string starting at {@code at} (just after the
     * opening quote) to {@link #label}; returns the index after the closing quote.
     */
    private int unescapeQuoted(String line, int at) throws IOException {
      int i = at;
      int n = line.length();
      int run = i;
      while (i < n) {
        char c = line.charAt(i);
        if (c == '"') {
          label.append(line, run, i);
          return i + 1;
        }
        if (c == '\\' && i + 1 < n) {
          label.append(line, run, i);
          char e = line.charAt(i + 1);
          switch (e) {
            case 'n' -> label.append('\n');
            case '\\' -> label.append('\\');
            case '"' -> label.append('"');
            default -> label.append('\\').append(e);
          }
          i += 2;
          run = i;
          continue;
        }
        i++;
      }
      throw fail("unterminated label (truncated file?)");
    }

    /** Parses {@link #label}, a state, splitting it into conjuncts at line starts {@code /\ }. */
    private Map<String, Value> state() {
      names.clear();
      values.clear();
      String text = label.toString();
      int n = text.length();
      int start = 0;
      if (text.startsWith("/\\ ")) {
        // A line break followed by "/\ " starts the next conjunct: TLC escapes line breaks in
        // strings, so a real one is the pretty printer's, and values never start a line with /\.
        int i = 0;
        while (true) {
          int next = text.indexOf("\n/\\ ", i);
          int end = next < 0 ? n : next;
          conjunct(text.substring(start, end));
          if (next < 0) {
            break;
          }
          start = next + 1;
          i = start;
        }
      } else if (!text.isBlank()) {
        conjunct(text); // a single variable: "x = 0"
      }
      return new CompactStateMap(keyArray(), values.toArray(new Value[0]));
    }

    private void conjunct(String text) {
      Map.Entry<String, Value> e = conjunctCache.get(text);
      if (e == null) {
        e = TlaValueParser.parseConjunct(text);
        if (conjunctCache.size() >= CACHE_LIMIT) {
          conjunctCache.clear();
        }
        conjunctCache.put(text, e);
      }
      if (names.contains(e.getKey())) {
        throw new TlaParseException("variable '" + e.getKey() + "' appears twice", text, 0);
      }
      names.add(e.getKey());
      values.add(e.getValue());
    }

    /** One shared key array per distinct variable list. */
    private String[] keyArray() {
      String[] keys = keyArrays.get(names);
      if (keys == null) {
        keys = names.toArray(new String[0]);
        keyArrays.put(List.copyOf(names), keys);
      }
      return keys;
    }

    private long parseId(String line, int from, int to) throws IOException {
      try {
        return Long.parseLong(line, from, to, 10);
      } catch (NumberFormatException e) {
        throw fail("bad node id");
      }
    }

    StateGraph graph() throws IOException {
      List<StateGraph.Edge> list = new ArrayList<>(edges.size());
      Set<Long> missing = new HashSet<>();
      for (int i = 0; i < edges.size(); i++) {
        long f = edges.from(i);
        long t = edges.to(i);
        if (!nodeIds.contains(f)) {
          missing.add(f);
        }
        if (!nodeIds.contains(t)) {
          missing.add(t);
        }
        list.add(new StateGraph.Edge(f, t, edges.action(i)));
      }
      if (!missing.isEmpty()) {
        throw new IOException(source + ": edges refer to " + missing.size()
            + " node(s) without a label, e.g. " + missing.iterator().next()
            + " (truncated file?)");
      }
      return new StateGraph(states, initial, list);
    }

    private IOException fail(String problem) {
      return new IOException(source + ":" + lineNo + ": " + problem);
    }
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  @Override
  public String toString() {
    return "StateGraphReader[includeStuttering=" + includeStuttering + "]";
  }
}
