package org.dmabufspec.conformance.review;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dmabufspec.spec.tlc.StateGraph;
import org.dmabufspec.spec.value.Value;

/**
 * A self-contained HTML report (inline CSS and SVG, no script, no network) of properties that
 * hold and counterexamples: for each counterexample the numbered calls, an SVG sequence diagram
 * (lifelines for the processes, the kernel, the exporter, the importers; one arrow per call,
 * labelled with the call and its outcome) and, when the model is small (at most
 * {@link #MAX_GRAPH_STATES} states), its state graph in a layered layout. The output is
 * well-formed XML (XHTML syntax), so it can be checked by any XML parser.
 *
 * <p>Usable for any failure: {@link #counterexamplePage(String, Counterexample)} needs only a
 * property and its steps ({@link Counterexample#of}).
 */
public final class HtmlReport {

  /** State graphs with more states than this are not drawn. */
  public static final int MAX_GRAPH_STATES = 60;

  private static final int COL = 180;
  private static final int ROW = 46;
  private static final int TOP = 56;
  private static final double CHAR_W = 6.7;

  private HtmlReport() {}

  /** The report of a review. */
  public static String review(ReviewResult r) {
    Map<String, String> facts = new LinkedHashMap<>(r.policy().choices());
    if (!r.policy().description().isEmpty()) {
      facts.put("description", r.policy().description());
    }
    facts.put("model", r.model());
    facts.put("checked", r.distinctStates() + " distinct states, " + r.runs() + " TLC run"
        + (r.runs() == 1 ? "" : "s") + String.format(Locale.ROOT, ", %.1f s", r.wallTime().toMillis() / 1000.0));
    if (r.distinctStates() > MAX_GRAPH_STATES) {
      facts.put("state graph", r.distinctStates() + " states: drawn only up to " + MAX_GRAPH_STATES);
    }
    return page("dmabuf review: " + r.policy().name(), facts, r.holding(), r.failures());
  }

  /** A page for one failure (check, replay, validate...). */
  public static String counterexamplePage(String title, Counterexample c) {
    return page(title, Map.of(), List.of(), List.of(c));
  }

  /** A full page: facts (key, value), the properties that hold, the counterexamples. */
  public static String page(String title, Map<String, String> facts, List<String> holding,
      List<Counterexample> failures) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
        .append("<meta charset=\"utf-8\"/>\n<title>").append(esc(title)).append("</title>\n")
        .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    h.append("<h1>").append(esc(title)).append("</h1>\n");
    if (!facts.isEmpty()) {
      h.append("<table class=\"facts\">\n");
      facts.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>")
          .append(esc(v)).append("</td></tr>\n"));
      h.append("</table>\n");
    }
    int total = holding.size() + failures.size();
    if (!holding.isEmpty() || failures.size() > 1) {
      h.append("<p class=\"verdict ").append(failures.isEmpty() ? "ok" : "bad").append("\">")
          .append(holding.size()).append(" of ").append(total).append(" properties hold")
          .append(failures.isEmpty() ? "." : "; " + failures.size() + " fail" + (failures.size() == 1 ? "s" : "") + ".")
          .append("</p>\n");
      h.append("<ul class=\"props\">\n");
      for (String p : holding) {
        h.append("<li class=\"holds\"><span class=\"tag\">holds</span> <code>").append(esc(p))
            .append("</code> ").append(esc(Review.describe(p))).append("</li>\n");
      }
      for (Counterexample c : failures) {
        h.append("<li class=\"fails\"><span class=\"tag\">fails</span> <a href=\"#cx-")
            .append(esc(c.property())).append("\"><code>").append(esc(c.property()))
            .append("</code></a> ").append(esc(c.description())).append("</li>\n");
      }
      h.append("</ul>\n");
    }
    for (Counterexample c : failures) {
      h.append("<section id=\"cx-").append(esc(c.property())).append("\">\n<h2>")
          .append(esc(c.property())).append(" fails</h2>\n");
      if (!c.description().isEmpty()) {
        String d = c.description();
        h.append("<p>").append(esc(Character.toUpperCase(d.charAt(0)) + d.substring(1))).append(". Shortest counterexample, ")
            .append(c.steps().size()).append(" call").append(c.steps().size() == 1 ? "" : "s").append(":</p>\n");
      }
      h.append("<ol class=\"steps\">\n");
      for (Step s : c.steps()) {
        h.append("<li").append(s.failed() ? " class=\"err\"" : "").append("><code>")
            .append(esc(s.text())).append("</code></li>\n");
      }
      h.append("</ol>\n");
      if (!c.tail().isEmpty()) {
        h.append("<p class=\"tail\">").append(esc(c.tail())).append("</p>\n");
      }
      h.append("<div class=\"diagram\">\n").append(sequenceDiagram(c)).append("</div>\n");
      if (c.graph() != null) {
        h.append("<h3>State graph (").append(c.graph().states().size()).append(" states)</h3>\n")
            .append("<div class=\"diagram\">\n").append(stateGraph(c.graph())).append("</div>\n");
      }
      h.append("</section>\n");
    }
    h.append("<footer>Generated by dmabuf-spec from a TLC run of DmaBuf.tla. Self-contained: no scripts, no network.</footer>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  /** Writes a page to a file (UTF-8). */
  public static void write(Path file, String html) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, html);
  }

  // ---------------------------------------------------------------------------------------------
  // Sequence diagram

  /** Lifelines in display order: user-space callers, the kernel, the exporter, the importers. */
  static List<String> lifelines(List<Step> steps) {
    Set<String> seen = new LinkedHashSet<>();
    for (Step s : steps) {
      seen.add(s.actor());
      seen.add(s.target());
    }
    seen.add("kernel");
    List<String> order = new ArrayList<>(seen);
    order.sort((a, b) -> rank(a) != rank(b) ? Integer.compare(rank(a), rank(b)) : a.compareTo(b));
    return order;
  }

  private static int rank(String l) {
    if (l.matches("p\\d+") || l.equals("user") || l.equals("reader")) {
      return 0;
    }
    return switch (l) {
      case "kernel" -> 1;
      case "exporter" -> 2;
      case "importer" -> 3;
      default -> l.matches("d\\d+") ? 4 : 5;
    };
  }

  private static String title(String l) {
    if (l.matches("p\\d+")) {
      return "process " + l;
    }
    if (l.matches("d\\d+")) {
      return "importer " + l;
    }
    return switch (l) {
      case "kernel" -> "kernel (dma-buf core)";
      case "importer" -> "importer (cpu)";
      case "user" -> "user space";
      case "reader" -> "/proc reader";
      default -> l;
    };
  }

  /** The SVG sequence diagram of a counterexample. */
  public static String sequenceDiagram(Counterexample c) {
    List<Step> steps = c.steps();
    List<String> lines = lifelines(steps);
    Map<String, Integer> x = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      x.put(lines.get(i), 30 + COL / 2 + i * COL);
    }
    double width = 60 + lines.size() * COL;
    for (Step s : steps) {
      int x0 = Math.min(x.get(s.actor()), x.get(s.target()));
      width = Math.max(width, x0 + 8 + label(s).length() * CHAR_W + 20);
    }
    int height = TOP + 20 + Math.max(1, steps.size()) * ROW + 40;
    StringBuilder g = new StringBuilder();
    g.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"seq\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
        (int) width, height, (int) width, height));
    g.append("<title>").append(esc("counterexample of " + c.property())).append("</title>\n");
    String id = "m-" + c.property().replaceAll("[^A-Za-z0-9_-]", "_");
    g.append("<defs><marker id=\"" + id + "-ok\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#334\"/></marker>"
        + "<marker id=\"" + id + "-err\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#b00020\"/></marker></defs>\n");
    g.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", (int) width, height));
    int bottom = height - 24;
    if (!steps.isEmpty()) {
      int yl = TOP + 20 + (steps.size() - 1) * ROW + 18;
      g.append(String.format(Locale.ROOT,
          "<rect x=\"4\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"lastrow\"/>\n", yl - 20, (int) width - 8, ROW - 4));
    }
    for (String l : lines) {
      int lx = x.get(l);
      g.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"life\"/>\n", lx, TOP, lx, bottom));
      String t = title(l);
      int w = (int) (t.length() * CHAR_W) + 16;
      g.append(String.format(Locale.ROOT,
          "<rect x=\"%d\" y=\"12\" width=\"%d\" height=\"28\" rx=\"5\" class=\"head %s\"/>\n", lx - w / 2, w,
          l.equals("kernel") ? "kern" : ""));
      g.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"31\" text-anchor=\"middle\" class=\"headt\">%s</text>\n",
          lx, esc(t)));
    }
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      int y = TOP + 20 + i * ROW + 18;
      int xa = x.get(s.actor());
      int xt = x.get(s.target());
      String cls = s.failed() ? "err" : "";
      g.append("<g class=\"step\"><title>").append(esc(s.line())).append("</title>\n");
      if (xa == xt) {
        g.append(String.format(Locale.ROOT,
            "<path d=\"M%d,%d h26 v12 h-24\" class=\"arrow %s\" marker-end=\"url(#%s)\"/>\n",
            xa, y - 4, cls, id + (s.failed() ? "-err" : "-ok")));
        g.append(text(xa + 32, y - 8, label(s), "call"));
        g.append(text(xa + 32, y + 8, result(s), "res " + cls));
      } else {
        g.append(String.format(Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"arrow %s%s\" marker-end=\"url(#%s)\"/>\n",
            xa, y, xt + (xt > xa ? -2 : 2), y, cls, s.internal() ? " internal" : "", id + (s.failed() ? "-err" : "-ok")));
        int x0 = Math.min(xa, xt);
        g.append(text(x0 + 8, y - 6, label(s), "call"));
        if (!result(s).isEmpty()) {
          int rx = xt > xa ? xt - 6 : xt + 6;
          g.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" class=\"res %s\">%s</text>\n",
              rx, y + 15, xt > xa ? "end" : "start", cls, esc(result(s))));
        }
      }
      g.append("</g>\n");
    }
    String end = "violates " + c.property() + (c.tail().isEmpty() ? "" : "  " + c.tail());
    g.append(text(12, height - 8, end, "viol"));
    g.append("</svg>\n");
    return g.toString();
  }

  private static String label(Step s) {
    return s.number() + ". " + s.call() + (s.note().isEmpty() ? "" : " [" + s.note() + "]");
  }

  private static String result(Step s) {
    return s.result().isEmpty() ? "" : "\u2192 " + s.result();
  }

  private static String text(double x, double y, String t, String cls) {
    return String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%.0f\" class=\"%s\">%s</text>\n", x, y, cls, esc(t));
  }

  // ---------------------------------------------------------------------------------------------
  // State graph

  /** The SVG of a small state graph, layered by breadth-first distance from the initial states. */
  public static String stateGraph(StateGraph graph) {
    if (graph.states().size() > MAX_GRAPH_STATES) {
      return "<p>" + graph.states().size() + " states: more than " + MAX_GRAPH_STATES + ", not drawn.</p>\n";
    }
    Map<Long, List<Long>> succ = new HashMap<>();
    for (StateGraph.Edge e : graph.edges()) {
      succ.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
    }
    Map<Long, Integer> depth = new LinkedHashMap<>();
    Deque<Long> queue = new ArrayDeque<>();
    graph.initial().stream().sorted().forEach(i -> { depth.put(i, 0); queue.add(i); });
    while (!queue.isEmpty()) {
      long s = queue.poll();
      for (long t : succ.getOrDefault(s, List.of())) {
        if (!depth.containsKey(t)) {
          depth.put(t, depth.get(s) + 1);
          queue.add(t);
        }
      }
    }
    for (Long s : graph.states().keySet()) {
      depth.putIfAbsent(s, 0);
    }
    Map<Integer, List<Long>> layers = new TreeMap<>();
    depth.forEach((s, d) -> layers.computeIfAbsent(d, k -> new ArrayList<>()).add(s));
    int maxWidth = layers.values().stream().mapToInt(List::size).max().orElse(1);
    int dx = 64;
    int dy = 78;
    int width = Math.max(300, maxWidth * dx + 40);
    int height = layers.size() * dy + 40;
    Map<Long, int[]> pos = new HashMap<>();
    Map<Long, Integer> number = new HashMap<>();
    int n = 0;
    for (Map.Entry<Integer, List<Long>> layer : layers.entrySet()) {
      List<Long> ids = layer.getValue();
      int offset = (width - ids.size() * dx) / 2 + dx / 2;
      for (int i = 0; i < ids.size(); i++) {
        pos.put(ids.get(i), new int[] {offset + i * dx, 30 + layer.getKey() * dy});
        number.put(ids.get(i), ++n);
      }
    }
    StringBuilder g = new StringBuilder();
    g.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
        width, height, width, height));
    g.append("<title>state graph</title>\n");
    g.append("<defs><marker id=\"gah\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#667\"/></marker></defs>\n");
    g.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", width, height));
    for (StateGraph.Edge e : graph.edges()) {
      int[] a = pos.get(e.from());
      int[] b = pos.get(e.to());
      if (a == null || b == null || e.from() == e.to()) {
        continue;
      }
      if (a[1] == b[1]) {
        // same layer: an arc above the row, so that it does not cross the nodes between
        double mx = (a[0] + b[0]) / 2.0;
        double lift = 18 + Math.abs(b[0] - a[0]) / 6.0;
        int sx = a[0] + (b[0] > a[0] ? 9 : -9);
        int ex = b[0] + (b[0] > a[0] ? -9 : 9);
        g.append(String.format(Locale.ROOT,
            "<path d=\"M%d,%d Q%.1f,%.1f %d,%d\" class=\"edge\" fill=\"none\" marker-end=\"url(#gah)\"><title>%s</title></path>\n",
            sx, a[1] - 10, mx, a[1] - 10 - lift, ex, b[1] - 10, esc(edgeLabel(graph, e))));
        continue;
      }
      double ddx = b[0] - a[0];
      double ddy = b[1] - a[1];
      double len = Math.max(1, Math.hypot(ddx, ddy));
      double r = 13;
      g.append(String.format(Locale.ROOT,
          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"edge\" marker-end=\"url(#gah)\"><title>%s</title></line>\n",
          a[0] + ddx / len * r, a[1] + ddy / len * r, b[0] - ddx / len * (r + 1), b[1] - ddy / len * (r + 1),
          esc(edgeLabel(graph, e))));
    }
    for (Map.Entry<Long, int[]> p : pos.entrySet()) {
      boolean init = graph.initial().contains(p.getKey());
      g.append(String.format(Locale.ROOT,
          "<g><title>%s</title><circle cx=\"%d\" cy=\"%d\" r=\"13\" class=\"node%s\"/><text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"nodet\">%d</text></g>\n",
          esc("state " + number.get(p.getKey()) + ": " + stateLabel(graph.state(p.getKey()))),
          p.getValue()[0], p.getValue()[1], init ? " init" : "", p.getValue()[0], p.getValue()[1] + 4,
          number.get(p.getKey())));
    }
    g.append("</svg>\n");
    return g.toString();
  }

  private static String edgeLabel(StateGraph graph, StateGraph.Edge e) {
    Value la = graph.state(e.to()).get("lastAction");
    if (la instanceof Value.Record) {
      try {
        return CallFormatter.format(0, la).text();
      } catch (RuntimeException ignored) {
        // fall through
      }
    }
    return e.action();
  }

  private static String stateLabel(Map<String, Value> state) {
    Value la = state.get("lastAction");
    if (la instanceof Value.Record) {
      try {
        return "after " + CallFormatter.format(0, la).text();
      } catch (RuntimeException ignored) {
        // fall through
      }
    }
    return state.toString();
  }

  /** Escapes text for XML content and attributes. */
  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> {
          if (ch < 0x20 && ch != '\n' && ch != '\t') {
            sb.append(' ');
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.toString();
  }

  private static final String CSS = """
      body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px 32px; color: #1b1b24; max-width: 1400px; }
      h1 { font-size: 22px; margin: 0 0 12px; }
      h2 { font-size: 18px; margin: 28px 0 6px; color: #b00020; border-top: 1px solid #ddd; padding-top: 14px; }
      h3 { font-size: 15px; margin: 18px 0 6px; }
      table.facts { border-collapse: collapse; margin: 8px 0 14px; font-size: 14px; }
      table.facts th { text-align: left; padding: 3px 14px 3px 0; color: #555; font-weight: 600; vertical-align: top; }
      table.facts td { padding: 3px 0; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
      p.verdict { font-weight: 600; padding: 6px 10px; border-radius: 5px; display: inline-block; }
      p.verdict.ok { background: #e6f4ea; color: #1e6b34; }
      p.verdict.bad { background: #fde7ea; color: #b00020; }
      ul.props { list-style: none; padding: 0; font-size: 14px; columns: 2; column-gap: 32px; }
      ul.props li { margin: 3px 0; break-inside: avoid; }
      .tag { display: inline-block; width: 42px; font-size: 11px; font-weight: 700; text-transform: uppercase; text-align: center; border-radius: 3px; padding: 1px 0; }
      li.holds .tag { background: #e6f4ea; color: #1e6b34; }
      li.fails .tag { background: #b00020; color: #fff; }
      ol.steps { font-size: 14px; }
      ol.steps li.err code { color: #b00020; }
      p.tail { font-style: italic; }
      div.diagram { overflow-x: auto; border: 1px solid #e2e2ea; border-radius: 6px; margin: 10px 0; background: #fff; }
      svg text { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 11px; }
      svg .life { stroke: #b8bccb; stroke-width: 1; stroke-dasharray: 4 4; }
      svg .head { fill: #eef0f7; stroke: #7b8199; }
      svg .head.kern { fill: #fff4d6; stroke: #b08a1e; }
      svg .headt { font-weight: 700; font-size: 12px; }
      svg .arrow { stroke: #334; stroke-width: 1.4; fill: none; }
      svg .arrow.internal { stroke-dasharray: 5 3; }
      svg .arrow.err { stroke: #b00020; }
      svg .call { fill: #1b1b24; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
      svg .res { fill: #1e6b34; font-weight: 700; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
      svg .res.err { fill: #b00020; }
      svg .lastrow { fill: #fde7ea; }
      svg .viol { fill: #b00020; font-weight: 700; }
      svg .edge { stroke: #8a8fa3; stroke-width: 1; }
      svg .node { fill: #eef0f7; stroke: #4b5170; stroke-width: 1.2; }
      svg .node.init { fill: #d8f0de; stroke: #1e6b34; }
      svg .nodet { font-size: 10px; }
      footer { margin-top: 32px; font-size: 12px; color: #777; }
      """;
}
