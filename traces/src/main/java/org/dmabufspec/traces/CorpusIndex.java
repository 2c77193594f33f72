package org.dmabufspec.traces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code index.json} of a corpus folder: which files, in which order, what each holds, and the
 * coverage report. Readers use it to find the files; people use it to see a corpus at a glance.
 *
 * <pre>
 * {
 *   "format": "dmabuf-spec trace corpus", "version": 1,
 *   "traces": [{"file": "0000.itf.json", "steps": 4975, "source": "DmaBuf.tla", ...}, ...],
 *   "coverage": {"edges": ..., "coveredEdges": ..., "traces": ..., "totalSteps": ...,
 *                "ratio": 1.21, "lowerBoundSteps": ..., "lowerBoundRatio": ...,
 *                "longestTrace": ..., "duplicateEdges": ..., "uncovered": [...]}
 * }
 * </pre>
 */
final class CorpusIndex {
  static final String FORMAT = "dmabuf-spec trace corpus";
  static final int VERSION = 1;

  private CorpusIndex() {}

  /** One file of the corpus. */
  record Entry(String file, int steps) {}

  static ObjectNode toJson(List<String> files, List<Trace> traces, Optional<CoverageReport> cov) {
    ObjectNode root = ItfReader.MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    ArrayNode list = root.putArray("traces");
    for (int i = 0; i < traces.size(); i++) {
      Trace t = traces.get(i);
      ObjectNode e = list.addObject();
      e.put("file", files.get(i));
      e.put("steps", t.length());
      putIfSet(e, "source", t.meta().source());
      putIfSet(e, "model-config", t.meta().modelConfig());
      putIfSet(e, "generator", t.meta().generator());
      if (t.meta().seed() != null) {
        e.put("seed", t.meta().seed());
      }
      putIfSet(e, "profile", t.meta().profile());
      putIfSet(e, "description", t.meta().description());
    }
    cov.ifPresent(c -> root.set("coverage", coverage(c)));
    return root;
  }

  private static void putIfSet(ObjectNode o, String key, String value) {
    if (value != null) {
      o.put(key, value);
    }
  }

  private static ObjectNode coverage(CoverageReport c) {
    ObjectNode o = ItfReader.MAPPER.createObjectNode();
    o.put("edges", c.edges());
    o.put("coveredEdges", c.coveredEdges());
    o.put("traces", c.traces());
    o.put("totalSteps", c.totalSteps());
    o.put("ratio", c.ratio());
    o.put("lowerBoundSteps", c.lowerBoundSteps());
    o.put("lowerBoundRatio", c.lowerBoundRatio());
    o.put("longestTrace", c.longestTrace());
    o.put("duplicateEdges", c.duplicateEdges());
    ArrayNode un = o.putArray("uncovered");
    for (CoverageReport.UncoveredEdge u : c.uncovered()) {
      ObjectNode e = un.addObject();
      e.put("from", u.from());
      e.put("to", u.to());
      e.put("action", u.action());
      e.put("reason", u.reason());
    }
    return o;
  }

  /** The entries of an index; throws {@link IllegalArgumentException} naming what is wrong. */
  static List<Entry> entries(JsonNode root) {
    if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
      throw new IllegalArgumentException("not a version " + VERSION + " \"" + FORMAT + "\" index");
    }
    JsonNode list = root.path("traces");
    if (!list.isArray()) {
      throw new IllegalArgumentException("\"traces\" is not an array");
    }
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode e = list.get(i);
      if (!e.path("file").isTextual() || !e.path("steps").canConvertToInt()) {
        throw new IllegalArgumentException("/traces/" + i + " needs \"file\" and \"steps\"");
      }
      String file = e.get("file").asText();
      if (file.contains("/") || file.contains("\\") || file.startsWith(".")) {
        throw new IllegalArgumentException("/traces/" + i + ": \"" + file
            + "\" is not a file name in the corpus folder");
      }
      out.add(new Entry(file, e.get("steps").asInt()));
    }
    return out;
  }

  /** The coverage report of an index, if it has one. */
  static Optional<CoverageReport> coverage(JsonNode root) {
    JsonNode c = root.get("coverage");
    if (c == null || c.isNull()) {
      return Optional.empty();
    }
    List<CoverageReport.UncoveredEdge> un = new ArrayList<>();
    for (JsonNode u : c.path("uncovered")) {
      un.add(new CoverageReport.UncoveredEdge(u.path("from").asLong(), u.path("to").asLong(),
          u.path("action").asText(), u.path("reason").asText()));
    }
    return Optional.of(new CoverageReport(c.path("edges").asLong(),
        c.path("coveredEdges").asLong(), c.path("traces").asInt(), c.path("totalSteps").asLong(),
        c.path("lowerBoundSteps").asLong(), c.path("longestTrace").asInt(),
        c.path("duplicateEdges").asLong(), un));
  }
}
