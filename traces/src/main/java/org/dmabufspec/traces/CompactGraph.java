package org.dmabufspec.traces;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.dmabufspec.spec.tlc.StateGraph;

/**
 * A {@link StateGraph} in primitive arrays: states renumbered 0..n-1 in order of their TLC id,
 * action labels numbered in alphabetical order, and out-edges in compressed rows (edge {@code e}
 * of state {@code v} for {@code off[v] <= e < off[v + 1]}). Duplicate {@code (from, to, label)}
 * edges are merged.
 *
 * <p>The canonical edge order (by target, then label) does not depend on the order of
 * {@code graph.edges()}; the seed then shuffles each state's out-edges, so one graph and one seed
 * give one result, and another seed gives other (equally valid) traces.
 */
final class CompactGraph {
  /** TLC state id of each state. */
  final long[] ids;
  /** Action label of each label number. */
  final String[] labels;
  /** Row offsets, length n + 1. */
  final int[] off;
  /** Source, target and label of each edge. */
  final int[] src;
  final int[] dst;
  final int[] lab;
  /** Initial states, ascending. */
  final int[] initial;
  final boolean[] isInitial;
  /** Edges of the input that repeated an earlier (from, to, label). */
  final long duplicates;

  private CompactGraph(long[] ids, String[] labels, int[] off, int[] src, int[] dst, int[] lab,
      int[] initial, long duplicates) {
    this.ids = ids;
    this.labels = labels;
    this.off = off;
    this.src = src;
    this.dst = dst;
    this.lab = lab;
    this.initial = initial;
    this.isInitial = new boolean[ids.length];
    for (int i : initial) {
      isInitial[i] = true;
    }
    this.duplicates = duplicates;
  }

  int states() {
    return ids.length;
  }

  int edges() {
    return dst.length;
  }

  /** Builds the arrays; {@code seed} orders each state's out-edges. */
  static CompactGraph of(StateGraph g, long seed) {
    long[] ids = g.states().keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    int n = ids.length;
    TreeSet<String> names = new TreeSet<>();
    for (StateGraph.Edge e : g.edges()) {
      names.add(label(e));
    }
    String[] labels = names.toArray(new String[0]);
    Map<String, Integer> labelIds = new HashMap<>();
    for (int i = 0; i < labels.length; i++) {
      labelIds.put(labels[i], i);
    }

    int m = g.edges().size();
    int[] from = new int[m];
    long[] key = new long[m];
    int[] count = new int[n + 1];
    int k = 0;
    for (StateGraph.Edge e : g.edges()) {
      int f = index(ids, e.from(), e);
      int t = index(ids, e.to(), e);
      from[k] = f;
      key[k] = ((long) t << 31) | labelIds.get(label(e));
      count[f + 1]++;
      k++;
    }
    for (int v = 0; v < n; v++) {
      count[v + 1] += count[v];
    }
    // bucket by source, then sort each row by (target, label) and merge repeats
    long[] rows = new long[m];
    int[] fill = Arrays.copyOf(count, n);
    for (int i = 0; i < m; i++) {
      rows[fill[from[i]]++] = key[i];
    }
    int[] off = new int[n + 1];
    int w = 0;
    for (int v = 0; v < n; v++) {
      off[v] = w;
      Arrays.sort(rows, count[v], count[v + 1]);
      for (int i = count[v]; i < count[v + 1]; i++) {
        if (i == count[v] || rows[i] != rows[i - 1]) {
          rows[w++] = rows[i];
        }
      }
    }
    off[n] = w;
    int[] src = new int[w];
    int[] dst = new int[w];
    int[] lab = new int[w];
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int v = 0; v < n; v++) {
      for (int i = off[v]; i < off[v + 1]; i++) {
        src[i] = v;
        dst[i] = (int) (rows[i] >>> 31);
        lab[i] = (int) (rows[i] & 0x7fffffffL);
      }
      for (int i = off[v + 1] - 1; i > off[v]; i--) {
        int j = off[v] + rnd.nextInt(i - off[v] + 1);
        int t = dst[i];
        dst[i] = dst[j];
        dst[j] = t;
        t = lab[i];
        lab[i] = lab[j];
        lab[j] = t;
      }
    }
    int[] init = g.initial().stream().mapToInt(id -> {
      int i = Arrays.binarySearch(ids, id);
      if (i < 0) {
        throw new IllegalArgumentException("initial state " + id + " is not a state of the graph");
      }
      return i;
    }).sorted().toArray();
    return new CompactGraph(ids, labels, off, src, dst, lab, init, m - (long) w);
  }

  private static String label(StateGraph.Edge e) {
    return Objects.requireNonNullElse(e.action(), "");
  }

  private static int index(long[] ids, long id, StateGraph.Edge e) {
    int i = Arrays.binarySearch(ids, id);
    if (i < 0) {
      throw new IllegalArgumentException("edge " + e + " refers to state " + id
          + ", which is not a state of the graph");
    }
    return i;
  }
}
