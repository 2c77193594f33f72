package org.dmabufspec.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import org.dmabufspec.spec.tlc.StateGraph;
import org.junit.jupiter.api.Test;

/** The balancing against a plain min-cost flow written independently, on small graphs. */
class BalancerTest {

  /**
   * Cost of the cheapest extra walks: successive shortest paths, one Dijkstra (binary heap,
   * potentials) per augmentation, over an explicit residual network with a super source and sink.
   */
  static long referenceMinCost(CompactGraph g, Reach reach) {
    int n = g.states();
    int s = n;
    int t = n + 1;
    List<int[]> arcs = new ArrayList<>(); // {to, cap, cost}; arc i^1 is the reverse of arc i
    List<List<Integer>> adj = new ArrayList<>();
    for (int i = 0; i < n + 2; i++) {
      adj.add(new ArrayList<>());
    }
    int inf = 1 << 29;
    int[] balance = new int[n];
    for (int e = 0; e < g.edges(); e++) {
      if (reach.reachable(g.src[e])) {
        balance[g.src[e]]++;
        balance[g.dst[e]]--;
        addArc(arcs, adj, g.src[e], g.dst[e], inf, 1);
      }
    }
    long demand = 0;
    for (int v = 0; v < n; v++) {
      if (!reach.reachable(v)) {
        continue;
      }
      if (g.isInitial[v]) {
        addArc(arcs, adj, s, v, inf, 0);
      } else if (balance[v] > 0) {
        addArc(arcs, adj, v, t, balance[v], 0);
        demand += balance[v];
      } else if (balance[v] < 0) {
        addArc(arcs, adj, s, v, -balance[v], 0);
      }
    }
    long[] pot = new long[n + 2];
    long cost = 0;
    while (demand > 0) {
      long[] dist = new long[n + 2];
      int[] via = new int[n + 2];
      Arrays.fill(dist, Long.MAX_VALUE);
      dist[s] = 0;
      PriorityQueue<long[]> pq = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
      pq.add(new long[] {0, s});
      while (!pq.isEmpty()) {
        long[] top = pq.poll();
        int u = (int) top[1];
        if (top[0] > dist[u]) {
          continue;
        }
        for (int i : adj.get(u)) {
          int[] a = arcs.get(i);
          long nd = dist[u] + a[2] + pot[u] - pot[a[0]];
          if (a[1] > 0 && nd < dist[a[0]]) {
            dist[a[0]] = nd;
            via[a[0]] = i;
            pq.add(new long[] {nd, a[0]});
          }
        }
      }
      for (int v = 0; v < n + 2; v++) {
        if (dist[v] != Long.MAX_VALUE) {
          pot[v] += dist[v];
        }
      }
      long f = demand;
      for (int v = t; v != s; v = arcs.get(via[v] ^ 1)[0]) {
        f = Math.min(f, arcs.get(via[v])[1]);
      }
      for (int v = t; v != s; v = arcs.get(via[v] ^ 1)[0]) {
        arcs.get(via[v])[1] -= f;
        arcs.get(via[v] ^ 1)[1] += f;
        cost += f * arcs.get(via[v])[2];
      }
      demand -= f;
    }
    return cost;
  }

  private static void addArc(List<int[]> arcs, List<List<Integer>> adj, int u, int v, int cap,
      int cost) {
    adj.get(u).add(arcs.size());
    arcs.add(new int[] {v, cap, cost});
    adj.get(v).add(arcs.size());
    arcs.add(new int[] {u, 0, -cost});
  }

  private static void check(StateGraph sg) {
    CompactGraph g = CompactGraph.of(sg, 3);
    Reach reach = new Reach(g);
    long reference = referenceMinCost(g, reach);
    Balancer.Augmentation exact = Balancer.augment(g, reach, Integer.MAX_VALUE);
    assertEquals(0, exact.greedyDemand());
    assertEquals(reference, exact.extraSteps(), "the exact balancing is a min-cost flow");
    assertTrue(exact.extraSteps() >= exact.demand());
    Balancer.Augmentation greedy = Balancer.augment(g, reach, 0);
    assertEquals(greedy.demand(), greedy.greedyDemand());
    assertTrue(greedy.extraSteps() >= exact.extraSteps());
    Balancer.Augmentation budget = Balancer.augment(g, reach, 3);
    assertTrue(budget.extraSteps() >= exact.extraSteps());
    for (Balancer.Augmentation a : List.of(exact, greedy, budget)) {
      // the trails exist: EulerTrails checks the balance and that every edge is used
      EulerTrails.Trails trails = EulerTrails.build(g, reach, a.extra());
      long covered = 0;
      for (int e = 0; e < g.edges(); e++) {
        covered += reach.reachable(g.src[e]) ? 1 : 0;
      }
      assertEquals(covered + a.extraSteps(), trails.edges().length);
    }
  }

  @Test
  void exactBalancingMatchesAReferenceMinCostFlow() {
    for (long seed = 1; seed <= 4; seed++) {
      check(SyntheticGraphs.randomStronglyConnected(300, 1500, seed));
      check(SyntheticGraphs.protocolLike(60, seed, seed % 2 == 0));
    }
    check(SyntheticGraphs.dagWithSinks(5, 12, 9));
    check(SyntheticGraphs.resourceProtocol(2, 2, true));
    check(SyntheticGraphs.selfLoops(20));
  }
}
