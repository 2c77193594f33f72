package org.dmabufspec.traces;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts trails longer than the step limit into traces. A trace after a cut starts again at an
 * initial state and first walks a shortest path to the cut point, so cuts go where that path is
 * short: among the last eighth of the allowed length, at the state closest to an initial state.
 *
 * <p>A cut is made only at a state at most {@code maxSteps / 4} steps from an initial state. Where
 * the walk is farther than that at the limit (a deep, narrow graph such as a long cycle), the
 * trace runs on past the limit until it comes back that close, or to the trail's end: cutting
 * there would make every later trace repeat the long way down, and cost far more steps than it
 * saves.
 */
final class TraceSplitter {
  private TraceSplitter() {}

  static List<CoverPath> split(CompactGraph g, Reach reach, EulerTrails.Trails trails,
      int maxSteps) {
    int window = Math.max(1, maxSteps / 8);
    int near = maxSteps / 4;
    int[] e = trails.edges();
    List<CoverPath> out = new ArrayList<>();
    for (int t = 0; t < trails.count(); t++) {
      int pos = trails.bounds()[t];
      int end = trails.bounds()[t + 1];
      int startState = trails.start()[t];
      int[] prefix = new int[0];
      while (pos < end) {
        int cut = cutPoint(g, reach, e, pos, end, Math.max(1, maxSteps - prefix.length), window,
            near);
        out.add(path(g, startState, prefix, e, pos, cut));
        if (cut < end) {
          int at = g.dst[e[cut - 1]];
          prefix = reach.pathTo(g, at);
          startState = prefix.length == 0 ? at : g.src[prefix[0]];
        }
        pos = cut;
      }
    }
    return out;
  }

  /** Where the trace that walks {@code e[pos..]} stops: {@code end} when it need not be cut. */
  private static int cutPoint(CompactGraph g, Reach reach, int[] e, int pos, int end, int budget,
      int window, int near) {
    if (end - pos <= budget) {
      return end;
    }
    int hi = pos + budget;
    int lo = Math.max(pos + 1, hi - window);
    int cut = hi;
    for (int q = hi - 1; q >= lo; q--) {
      if (depth(g, reach, e, q) < depth(g, reach, e, cut)) {
        cut = q;
      }
    }
    while (cut < end && depth(g, reach, e, cut) > near) {
      cut++;
    }
    return cut;
  }

  /** Distance from an initial state of the state reached after {@code e[q - 1]}. */
  private static int depth(CompactGraph g, Reach reach, int[] e, int q) {
    return reach.dist[g.dst[e[q - 1]]];
  }

  private static CoverPath path(CompactGraph g, int start, int[] prefix, int[] e, int from,
      int to) {
    int n = prefix.length + (to - from);
    long[] states = new long[n + 1];
    String[] actions = new String[n];
    states[0] = g.ids[start];
    for (int i = 0; i < n; i++) {
      int edge = i < prefix.length ? prefix[i] : e[from + i - prefix.length];
      states[i + 1] = g.ids[g.dst[edge]];
      actions[i] = g.labels[g.lab[edge]];
    }
    return new CoverPath(states, actions);
  }
}
