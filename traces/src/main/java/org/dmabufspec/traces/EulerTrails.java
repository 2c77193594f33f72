package org.dmabufspec.traces;

import java.util.Arrays;

/**
 * Splits the reachable edges, each walked {@code 1 + extra[e]} times, into trails from initial
 * states (Hierholzer's algorithm, iterative).
 *
 * <p>After {@link Balancer}, every state has as many entries as exits except initial states that
 * start trails (more exits) and states where trails end (more entries). A virtual state X with
 * an edge to each trail start and from each trail end makes the multigraph balanced; an Euler
 * circuit from X, cut at X, is the set of trails. Every reachable edge is connected to X or to an
 * initial state, so any edges the circuit leaves form closed circuits through an initial state
 * that started no trail; each of those becomes a trail of its own.
 */
final class EulerTrails {
  private static final int NONE = Integer.MIN_VALUE;
  private static final int END = -1;

  /** Trail {@code k} starts at state {@code start[k]} and walks {@code edges[bounds[k]..bounds[k+1])}. */
  record Trails(int[] start, int[] bounds, int[] edges) {
    int count() {
      return start.length;
    }
  }

  private final CompactGraph g;
  private final int[] rem;
  private final int[] ptr;
  private final int[] ends;
  private int[] stackNode = new int[1024];
  private int[] stackEdge = new int[1024];
  private int[] out = new int[1024];
  private int outSize;

  private EulerTrails(CompactGraph g, int[] rem, int[] ends) {
    this.g = g;
    this.rem = rem;
    this.ends = ends;
    this.ptr = Arrays.copyOf(g.off, g.states());
  }

  static Trails build(CompactGraph g, Reach reach, int[] extra) {
    int n = g.states();
    int[] rem = new int[g.edges()];
    long[] balance = new long[n];
    for (int e = 0; e < g.edges(); e++) {
      if (reach.reachable(g.src[e])) {
        rem[e] = 1 + extra[e];
        balance[g.src[e]] += rem[e];
        balance[g.dst[e]] -= rem[e];
      }
    }
    int[] ends = new int[n];
    long starts = 0;
    for (int v = 0; v < n; v++) {
      if (balance[v] > 0 && !g.isInitial[v]) {
        throw new IllegalStateException("unbalanced state " + g.ids[v] + " after augmentation");
      }
      starts += Math.max(0, balance[v]);
      ends[v] = (int) Math.max(0, -balance[v]);
    }
    int[] startList = new int[Math.toIntExact(starts)];
    int k = 0;
    for (int i : g.initial) {
      for (long c = 0; c < balance[i]; c++) {
        startList[k++] = i;
      }
    }
    EulerTrails t = new EulerTrails(g, rem, ends);
    t.circuit(startList);
    for (int i : g.initial) {
      if (t.hasUnusedEdge(i)) {
        ends[i]++;
        t.circuit(new int[] {i});
      }
    }
    for (int e = 0; e < rem.length; e++) {
      if (rem[e] != 0) {
        throw new IllegalStateException("edge " + g.ids[g.src[e]] + " -> " + g.ids[g.dst[e]]
            + " left out of the trails");
      }
    }
    return t.trails();
  }

  private boolean hasUnusedEdge(int v) {
    while (ptr[v] < g.off[v + 1] && rem[ptr[v]] == 0) {
      ptr[v]++;
    }
    return ptr[v] < g.off[v + 1];
  }

  /** One Euler circuit from X through the given trail starts, appended to {@code out}. */
  private void circuit(int[] startList) {
    int from = outSize;
    int top = 0;
    int next = 0;
    top = push(top, -1, NONE);
    while (top > 0) {
      int v = stackNode[top - 1];
      if (v < 0) {
        if (next < startList.length) {
          int s = startList[next++];
          top = push(top, s, -2 - s);
          continue;
        }
      } else if (hasUnusedEdge(v)) {
        int e = ptr[v];
        rem[e]--;
        top = push(top, g.dst[e], e);
        continue;
      } else if (ends[v] > 0) {
        ends[v]--;
        top = push(top, -1, END);
        continue;
      }
      top--;
      if (outSize == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      out[outSize++] = stackEdge[top];
    }
    // the circuit came out backwards
    for (int i = from, j = outSize - 1; i < j; i++, j--) {
      int x = out[i];
      out[i] = out[j];
      out[j] = x;
    }
  }

  private int push(int top, int node, int edge) {
    if (top == stackNode.length) {
      stackNode = Arrays.copyOf(stackNode, top * 2);
      stackEdge = Arrays.copyOf(stackEdge, top * 2);
    }
    stackNode[top] = node;
    stackEdge[top] = edge;
    return top + 1;
  }

  /** Cuts the circuits at X. */
  private Trails trails() {
    int trails = 0;
    for (int i = 0; i < outSize; i++) {
      if (out[i] < END && out[i] != NONE) {
        trails++;
      }
    }
    int[] start = new int[trails];
    int[] bounds = new int[trails + 1];
    int[] edges = new int[outSize];
    int t = -1;
    int m = 0;
    for (int i = 0; i < outSize; i++) {
      int x = out[i];
      if (x >= 0) {
        edges[m++] = x;
      } else if (x != NONE && x != END) {
        start[++t] = -2 - x;
        bounds[t] = m;
      }
    }
    bounds[trails] = m;
    return new Trails(start, bounds, Arrays.copyOf(edges, m));
  }
}
