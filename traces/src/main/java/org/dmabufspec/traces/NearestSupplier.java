package org.dmabufspec.traces;

/**
 * Greedy completion of the balancing when the exact {@link Balancer} has used up its work budget:
 * meets each remaining demand from its nearest supplier, by distance.
 *
 * <p>One breadth-first search runs from all suppliers at once (states with entries left over, and
 * initial states, which never run out); each state is claimed by the first search to reach it and
 * a demand is met by the supplier that claimed it. A supplier that runs out stops its search; the
 * demand it could not meet waits for the next round, until after {@link #MAX_ROUNDS} rounds only
 * initial states search. Each round is linear in the graph.
 */
final class NearestSupplier {
  /** Rounds with finite suppliers before falling back to initial states only. */
  static final int MAX_ROUNDS = 32;

  private NearestSupplier() {}

  /**
   * Meets all of {@code demand} (updated in place, as is {@code supply}) by adding walks to
   * {@code extra}; returns the steps added.
   */
  static long complete(CompactGraph g, int[] demand, int[] supply, int[] extra) {
    int n = g.states();
    long totalDemand = 0;
    for (int d : demand) {
      totalDemand += d;
    }
    long added = 0;
    int[] mark = new int[n];
    int[] origin = new int[n];
    int[] parent = new int[n];
    int[] queue = new int[n];
    for (int round = 1; totalDemand > 0; round++) {
      int tail = 0;
      if (round <= MAX_ROUNDS) {
        for (int v = 0; v < n; v++) {
          if (supply[v] > 0 && !g.isInitial[v]) {
            queue[tail++] = v;
          }
        }
      }
      for (int i : g.initial) {
        queue[tail++] = i;
      }
      for (int i = 0; i < tail; i++) {
        mark[queue[i]] = round;
        origin[queue[i]] = queue[i];
        parent[queue[i]] = -1;
      }
      for (int head = 0; head < tail; head++) {
        int v = queue[head];
        int o = origin[v];
        boolean infinite = g.isInitial[o];
        if (!infinite && supply[o] == 0) {
          continue; // this supplier ran out: its search stops
        }
        if (demand[v] > 0) {
          int k = infinite ? demand[v] : Math.min(demand[v], supply[o]);
          for (int w = v; parent[w] >= 0; w = g.src[parent[w]]) {
            extra[parent[w]] += k;
            added += k;
          }
          demand[v] -= k;
          totalDemand -= k;
          if (!infinite) {
            supply[o] -= k;
            if (supply[o] == 0) {
              continue;
            }
          }
        }
        for (int e = g.off[v]; e < g.off[v + 1]; e++) {
          int w = g.dst[e];
          if (mark[w] != round) {
            mark[w] = round;
            origin[w] = o;
            parent[w] = e;
            queue[tail++] = w;
          }
        }
      }
    }
    return added;
  }
}
