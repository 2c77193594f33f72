package org.dmabufspec.traces;

/**
 * The augmentation step of a directed Chinese postman: decides which edges to walk more than once
 * so that the reachable edges, with the repeats, split into trails that each start at an initial
 * state.
 *
 * <p>A state whose reachable out-edges outnumber its in-edges by {@code k} ("demand") must be
 * entered {@code k} more times than its in-edges allow, unless it is initial (a trace may start
 * there). Each extra entry is a shortest path from a "supplier": a state with more in-edges than
 * out-edges (where a trail would otherwise end) or an initial state (a new trace). Optimal
 * matching is a min-cost flow; this does the greedy approximation by distance: one breadth-first
 * search from all suppliers at once, each state claimed by its nearest supplier, each demand met
 * by the supplier that claimed it. A supplier that runs out stops its search; the demand it left
 * unmet is matched in the next round, until only initial states (which never run out) remain.
 * States with more in-edges left over end traces; nothing needs to leave a sink.
 */
final class Balancer {
  /** Rounds with finite suppliers before falling back to initial states only. */
  static final int MAX_ROUNDS = 32;

  private Balancer() {}

  /**
   * Extra traversals per edge and their total; {@code demand}, the sum of all demands, is a lower
   * bound on {@code extraSteps} (each demand needs at least one repeated entry).
   */
  record Augmentation(int[] extra, long extraSteps, long demand, int rounds) {}

  static Augmentation augment(CompactGraph g, Reach reach) {
    int n = g.states();
    int[] demand = new int[n];
    int[] supply = new int[n];
    long totalDemand = 0;
    int[] in = inDegrees(g, reach);
    for (int v = 0; v < n; v++) {
      if (!reach.reachable(v)) {
        continue;
      }
      int b = g.off[v + 1] - g.off[v] - in[v];
      if (b > 0 && !g.isInitial[v]) {
        demand[v] = b;
        totalDemand += b;
      } else if (b < 0 && !g.isInitial[v]) {
        supply[v] = -b;
      }
    }
    long initialDemand = totalDemand;
    int[] extra = new int[g.edges()];
    long extraSteps = 0;
    int[] mark = new int[n];
    int[] origin = new int[n];
    int[] parent = new int[n];
    int[] queue = new int[n];
    int round = 0;
    while (totalDemand > 0) {
      round++;
      boolean finite = round <= MAX_ROUNDS;
      int tail = 0;
      if (finite) {
        for (int v = 0; v < n; v++) {
          if (supply[v] > 0) {
            queue[tail++] = v;
          }
        }
      }
      for (int i : g.initial) {
        queue[tail++] = i;
      }
      for (int i = 0; i < tail; i++) {
        int v = queue[i];
        mark[v] = round;
        origin[v] = v;
        parent[v] = -1;
      }
      int head = 0;
      while (head < tail) {
        int v = queue[head++];
        int o = origin[v];
        boolean infinite = g.isInitial[o];
        if (!infinite && supply[o] == 0) {
          continue; // this supplier ran out: its search stops
        }
        if (demand[v] > 0) {
          int k = infinite ? demand[v] : Math.min(demand[v], supply[o]);
          for (int w = v; parent[w] >= 0; w = g.src[parent[w]]) {
            extra[parent[w]] += k;
            extraSteps += k;
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
    return new Augmentation(extra, extraSteps, initialDemand, round);
  }

  /** In-degree of each state, counting edges from reachable states only. */
  static int[] inDegrees(CompactGraph g, Reach reach) {
    int[] in = new int[g.states()];
    for (int e = 0; e < g.edges(); e++) {
      if (reach.reachable(g.src[e])) {
        in[g.dst[e]]++;
      }
    }
    return in;
  }
}
