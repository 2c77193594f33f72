package org.dmabufspec.traces;

/**
 * Breadth-first search from all initial states at once: which states are reachable, how far each
 * is from the nearest initial state, and a shortest path to it (the prefix a trace needs to get
 * there).
 */
final class Reach {
  /** Steps from the nearest initial state, -1 when unreachable. */
  final int[] dist;
  /** The last edge of a shortest path from an initial state, -1 at initial states. */
  final int[] parent;

  Reach(CompactGraph g) {
    int n = g.states();
    dist = new int[n];
    parent = new int[n];
    java.util.Arrays.fill(dist, -1);
    java.util.Arrays.fill(parent, -1);
    int[] queue = new int[n];
    int head = 0;
    int tail = 0;
    for (int i : g.initial) {
      dist[i] = 0;
      queue[tail++] = i;
    }
    while (head < tail) {
      int v = queue[head++];
      for (int e = g.off[v]; e < g.off[v + 1]; e++) {
        int w = g.dst[e];
        if (dist[w] < 0) {
          dist[w] = dist[v] + 1;
          parent[w] = e;
          queue[tail++] = w;
        }
      }
    }
  }

  boolean reachable(int v) {
    return dist[v] >= 0;
  }

  /** The edges of a shortest path from an initial state to {@code v}, in walking order. */
  int[] pathTo(CompactGraph g, int v) {
    int[] path = new int[dist[v]];
    for (int i = path.length - 1; i >= 0; i--) {
      path[i] = parent[v];
      v = g.src[parent[v]];
    }
    return path;
  }
}
