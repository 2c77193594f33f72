package org.dmabufspec.traces;

import java.util.Arrays;

/**
 * The augmentation step of a directed Chinese postman: the fewest extra edge traversals after
 * which the reachable edges split into trails that each start at an initial state.
 *
 * <p>A state whose reachable out-edges outnumber its in-edges by {@code k} ("demand") must be
 * entered {@code k} more times than its in-edges allow, unless it is initial (a trace may start
 * there). Each extra entry ends a walk over already-covered edges that begins at a "supplier": a
 * state with more in-edges than out-edges (where a trail would otherwise end) or an initial state
 * (a new trace, never exhausted). Choosing those walks at least total length is a min-cost flow
 * from suppliers to demands over the graph's edges (capacity unbounded, cost 1 each); the flow on
 * an edge is how many extra times it is walked.
 *
 * <p>Solved by successive shortest paths in the primal-dual form: a Dijkstra over reduced costs
 * (bucket queue; costs are small integers) moves the potentials up by the next path length, then
 * Dinic-style blocking flows push along zero-reduced-cost arcs, with levels found by a search
 * backwards from the demands still open (cheap once few are left). Every phase meets the cheapest
 * open demands, so the result is optimal when it runs to the end. The long tail of phases, each
 * meeting few, expensive demands, can cost many times the graph's size: past a work budget the
 * rest goes to the greedy {@link NearestSupplier}. Self-loops never help and carry no flow.
 */
final class Balancer {
  private static final int INF = Integer.MAX_VALUE;

  private final CompactGraph g;
  private final int n;
  /** In-edges of each state by their edge number (reachable sources, no self-loops). */
  private final int[] rOff;
  private final int[] rEdge;
  private final int[] flow;
  private final int[] supply;
  private final int[] demand;
  private final int[] sources;
  /** The states that may still have demand (compacted as demands are met). */
  private final int[] open;
  private int openCount;
  private final int[] pot;
  private int potT;
  private final int[] dist;
  private int distT;
  /** Arcs examined so far, the measure of the work budget. */
  private long work;

  /**
   * Extra traversals per edge and their total; {@code demand}, the sum of all demands, is a lower
   * bound on {@code extraSteps} (each demand needs at least one repeated entry); {@code phases}
   * counts shortest-path computations; {@code greedyDemand} is the demand left to
   * {@link NearestSupplier} when the budget ran out (0: the result is optimal), met with
   * {@code greedySteps} steps.
   */
  record Augmentation(int[] extra, long extraSteps, long demand, int phases, long greedyDemand,
      long greedySteps) {}

  private Balancer(CompactGraph g, Reach reach) {
    this.g = g;
    this.n = g.states();
    int[] in = inDegrees(g, reach);
    supply = new int[n];
    demand = new int[n];
    int count = 0;
    for (int v = 0; v < n; v++) {
      if (!reach.reachable(v)) {
        continue;
      }
      int b = g.off[v + 1] - g.off[v] - in[v];
      if (g.isInitial[v]) {
        count++;
      } else if (b > 0) {
        demand[v] = b;
      } else if (b < 0) {
        supply[v] = -b;
        count++;
      }
    }
    int demands = 0;
    for (int d : demand) {
      demands += d > 0 ? 1 : 0;
    }
    open = new int[demands];
    for (int v = 0; v < n; v++) {
      if (demand[v] > 0) {
        open[openCount++] = v;
      }
    }
    sources = new int[count];
    count = 0;
    for (int v = 0; v < n; v++) {
      if (g.isInitial[v] && reach.reachable(v) || supply[v] > 0) {
        sources[count++] = v;
      }
    }
    rOff = new int[n + 1];
    for (int e = 0; e < g.edges(); e++) {
      if (usable(reach, e)) {
        rOff[g.dst[e] + 1]++;
      }
    }
    for (int v = 0; v < n; v++) {
      rOff[v + 1] += rOff[v];
    }
    rEdge = new int[rOff[n]];
    int[] fill = Arrays.copyOf(rOff, n);
    for (int e = 0; e < g.edges(); e++) {
      if (usable(reach, e)) {
        rEdge[fill[g.dst[e]]++] = e;
      }
    }
    flow = new int[g.edges()];
    pot = new int[n];
    dist = new int[n];
  }

  private boolean usable(Reach reach, int e) {
    return reach.reachable(g.src[e]) && g.src[e] != g.dst[e];
  }

  /**
   * Balances the reachable edges, exactly unless that needs more than {@code workPerElement}
   * arc examinations per state and edge of the graph; then the demand left is met by
   * {@link NearestSupplier}. Successive shortest paths meet the cheap demands first, so a cut-off
   * leaves only the few expensive ones to the greedy step.
   */
  static Augmentation augment(CompactGraph g, Reach reach, int workPerElement) {
    Balancer b = new Balancer(g, reach);
    long total = 0;
    for (int d : b.demand) {
      total += d;
    }
    long budget = (long) workPerElement * (g.edges() + g.states());
    long left = total;
    int phases = 0;
    while (left > 0 && b.work < budget) {
      phases++;
      b.shortestPaths();
      if (b.distT == INF) {
        throw new IllegalStateException("a demand no initial state reaches: " + left + " left");
      }
      b.updatePotentials();
      left -= b.pushAlongAdmissibleArcs(budget);
    }
    long greedy = left > 0 ? NearestSupplier.complete(g, b.demand, b.supply, b.flow) : 0;
    long extra = 0;
    for (int f : b.flow) {
      extra += f;
    }
    return new Augmentation(b.flow, extra, total, phases, left, greedy);
  }

  private boolean isSource(int v) {
    return g.isInitial[v] || supply[v] > 0;
  }

  // ---- Dijkstra over reduced costs with a bucket queue ----

  private final BucketQueue buckets = new BucketQueue();

  private void relax(int w, int d) {
    if (d < dist[w]) {
      dist[w] = d;
      buckets.push(w, d);
    }
  }

  private void shortestPaths() {
    Arrays.fill(dist, INF);
    buckets.clear();
    distT = INF;
    for (int s : sources) {
      if (isSource(s)) {
        relax(s, -pot[s]);
      }
    }
    for (int d = 0; d <= buckets.maxKey() && d < distT; d++) {
      while (buckets.has(d)) {
        int v = buckets.pop(d);
        if (dist[v] != d) {
          continue;
        }
        if (demand[v] > 0) {
          distT = Math.min(distT, d + pot[v] - potT);
        }
        work += (g.off[v + 1] - g.off[v]) + (rOff[v + 1] - rOff[v]);
        for (int e = g.off[v]; e < g.off[v + 1]; e++) {
          int w = g.dst[e];
          if (w != v) {
            relax(w, d + 1 + pot[v] - pot[w]);
          }
        }
        for (int i = rOff[v]; i < rOff[v + 1]; i++) {
          int e = rEdge[i];
          if (flow[e] > 0) {
            int x = g.src[e];
            relax(x, d - 1 + pot[v] - pot[x]);
          }
        }
      }
    }
  }

  private void updatePotentials() {
    for (int v = 0; v < n; v++) {
      pot[v] += Math.min(dist[v], distT);
    }
    potT += distT;
  }

  // ---- flow along zero-reduced-cost arcs: Dinic's blocking flows on their level graph ----

  private int[] cursor;
  private int[] level;
  private int[] levelStamp;
  private int[] deadStamp;
  private int stamp;
  private int[] queue;
  private int[] pathNode = new int[64];
  private int[] pathArc = new int[64];

  /** Arc {@code a} of state {@code v}: forward edges, then backward edges, then the arc to T. */
  private int arcCount(int v) {
    return (g.off[v + 1] - g.off[v]) + (rOff[v + 1] - rOff[v]) + 1;
  }

  /**
   * The state arc {@code a} of {@code v} leads to if it has capacity left and zero reduced cost,
   * -2 if it is the arc to T and admissible, -1 otherwise.
   */
  private int admissible(int v, int a) {
    int out = g.off[v + 1] - g.off[v];
    if (a < out) {
      int w = g.dst[g.off[v] + a];
      return w != v && 1 + pot[v] - pot[w] == 0 ? w : -1;
    }
    a -= out;
    int in = rOff[v + 1] - rOff[v];
    if (a < in) {
      int e = rEdge[rOff[v] + a];
      int x = g.src[e];
      return flow[e] > 0 && pot[v] - 1 - pot[x] == 0 ? x : -1;
    }
    return demand[v] > 0 && pot[v] == potT ? -2 : -1;
  }

  /** Pushes flow on shortest (in arcs) admissible paths until none is left; returns the total. */
  private long pushAlongAdmissibleArcs(long budget) {
    if (cursor == null) {
      cursor = new int[n];
      level = new int[n];
      levelStamp = new int[n];
      deadStamp = new int[n];
      queue = new int[n];
      found = new int[16];
    }
    long pushed = 0;
    while (work < budget && levels()) {
      for (int i = 0; i < foundCount; i++) {
        int s = found[i];
        while (isSource(s) && deadStamp[s] != stamp) {
          int len = findPath(s);
          if (len < 0) {
            break;
          }
          pushed += augmentPath(s, len);
        }
      }
    }
    return pushed;
  }

  private int[] found;
  private int foundCount;

  /**
   * Levels (arcs to T) by a breadth-first search backwards from the states with admissible arcs to
   * T, up to the first level holding a source; the sources on that level go to {@code found}.
   * Searching from T's side keeps late rounds cheap: by then few demands are left. False when no
   * source reaches T.
   */
  private boolean levels() {
    stamp++;
    foundCount = 0;
    int head = 0;
    qTail = 0;
    int kept = 0;
    for (int i = 0; i < openCount; i++) {
      int v = open[i];
      if (demand[v] > 0) {
        open[kept++] = v;
        if (pot[v] == potT) {
          enqueue(v, 1);
        }
      }
    }
    openCount = kept;
    int sourceLevel = INF;
    while (head < qTail) {
      int w = queue[head++];
      if (level[w] > sourceLevel) {
        break;
      }
      if (isSource(w) && pot[w] == 0) {
        sourceLevel = level[w];
        if (foundCount == found.length) {
          found = Arrays.copyOf(found, foundCount * 2);
        }
        found[foundCount++] = w;
      }
      if (level[w] == sourceLevel) {
        continue;
      }
      // residual arcs v -> w: forward along an in-edge of w, or backward along an out-edge of w
      work += (g.off[w + 1] - g.off[w]) + (rOff[w + 1] - rOff[w]);
      for (int i = rOff[w]; i < rOff[w + 1]; i++) {
        int v = g.src[rEdge[i]];
        if (levelStamp[v] != stamp && 1 + pot[v] - pot[w] == 0) {
          enqueue(v, level[w] + 1);
        }
      }
      for (int e = g.off[w]; e < g.off[w + 1]; e++) {
        int v = g.dst[e];
        if (flow[e] > 0 && levelStamp[v] != stamp && v != w && pot[v] - 1 - pot[w] == 0) {
          enqueue(v, level[w] + 1);
        }
      }
    }
    return foundCount > 0;
  }

  private int qTail;

  private void enqueue(int v, int lvl) {
    levelStamp[v] = stamp;
    level[v] = lvl;
    cursor[v] = 0;
    queue[qTail++] = v;
  }

  /** The next state along arc {@code a} of {@code v} in the level graph, -2 for T, -1 if none. */
  private int next(int v, int a) {
    int w = admissible(v, a);
    if (w == -2) {
      return level[v] == 1 ? -2 : -1;
    }
    return w >= 0 && levelStamp[w] == stamp && level[w] == level[v] - 1
        && deadStamp[w] != stamp ? w : -1;
  }

  /** Depth-first search from {@code s} to T in the level graph; the path length, -1 if none. */
  private int findPath(int s) {
    int top = 0;
    pathNode[0] = s;
    while (top >= 0) {
      work++;
      int v = pathNode[top];
      if (cursor[v] >= arcCount(v)) {
        deadStamp[v] = stamp;
        top--;
        if (top >= 0) {
          cursor[pathNode[top]]++;
        }
        continue;
      }
      int w = next(v, cursor[v]);
      if (w == -1) {
        cursor[v]++;
        continue;
      }
      pathArc[top] = cursor[v];
      if (w == -2) {
        return top;
      }
      if (++top == pathNode.length) {
        pathNode = Arrays.copyOf(pathNode, top * 2);
        pathArc = Arrays.copyOf(pathArc, top * 2);
      }
      pathNode[top] = w;
    }
    return -1;
  }

  /** Pushes the most flow the path from {@code s} (arcs {@code 0..len}) allows. */
  private int augmentPath(int s, int len) {
    int last = pathNode[len];
    int amount = Math.min(demand[last], g.isInitial[s] ? INF : supply[s]);
    for (int i = 0; i < len; i++) {
      int v = pathNode[i];
      int a = pathArc[i] - (g.off[v + 1] - g.off[v]);
      if (a >= 0) {
        amount = Math.min(amount, flow[rEdge[rOff[v] + a]]);
      }
    }
    for (int i = 0; i < len; i++) {
      int v = pathNode[i];
      int out = g.off[v + 1] - g.off[v];
      if (pathArc[i] < out) {
        flow[g.off[v] + pathArc[i]] += amount;
      } else {
        flow[rEdge[rOff[v] + pathArc[i] - out]] -= amount;
      }
    }
    demand[last] -= amount;
    if (!g.isInitial[s]) {
      supply[s] -= amount;
    }
    return amount;
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
