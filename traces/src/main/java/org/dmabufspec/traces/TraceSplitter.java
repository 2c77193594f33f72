package org.dmabufspec.traces;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts trails longer than the step limit into traces. A trace after a cut starts again at an
 * initial state and walks a shortest path to the cut point first, so the cut is placed, among
 * the last eighth of the allowed length, at the state closest to an initial state.
 */
final class TraceSplitter {
  private TraceSplitter() {}

  static List<CoverPath> split(CompactGraph g, Reach reach, EulerTrails.Trails trails,
      int maxSteps) {
    int window = Math.max(1, maxSteps / 8);
    int[] e = trails.edges();
    List<CoverPath> out = new ArrayList<>();
    for (int t = 0; t < trails.count(); t++) {
      int pos = trails.bounds()[t];
      int end = trails.bounds()[t + 1];
      int startState = trails.start()[t];
      int[] prefix = new int[0];
      while (pos < end) {
        int budget = Math.max(1, maxSteps - prefix.length);
        int cut = end;
        if (end - pos > budget) {
          int hi = pos + budget;
          int lo = Math.max(pos + 1, hi - window);
          cut = hi;
          for (int q = hi - 1; q >= lo; q--) {
            if (reach.dist[g.dst[e[q - 1]]] < reach.dist[g.dst[e[cut - 1]]]) {
              cut = q;
            }
          }
        }
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
