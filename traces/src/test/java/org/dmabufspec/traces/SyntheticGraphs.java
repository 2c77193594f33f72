package org.dmabufspec.traces;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.dmabufspec.spec.tlc.StateGraph;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.spec.value.Values;

/** State graphs for generator tests, each built deterministically (from a seed where random). */
final class SyntheticGraphs {
  private SyntheticGraphs() {}

  /** Builds a graph whose states carry {@code lastAction} records named after their in-edges. */
  static final class Builder {
    private final Map<Long, Map<String, Value>> states = new HashMap<>();
    private final Set<Long> initial = new HashSet<>();
    private final List<StateGraph.Edge> edges = new ArrayList<>();
    private final Map<String, Value> actions = new HashMap<>();

    Builder state(long id) {
      return state(id, "S" + id);
    }

    /** A state whose lastAction is named {@code action} (shared record per name). */
    Builder state(long id, String action) {
      Value last = actions.computeIfAbsent(action, a -> new ActionCall(a, List.of(),
          a.startsWith("Err") ? "EBADF" : "ok", 0).toValue());
      states.put(id, Map.of("id", Values.num(id), ActionCall.VARIABLE, last));
      return this;
    }

    /** A state whose lastAction is {@code call}. */
    Builder state(long id, ActionCall call) {
      states.put(id, Map.of("id", Values.num(id), ActionCall.VARIABLE, call.toValue()));
      return this;
    }

    Builder initial(long id) {
      initial.add(id);
      return this;
    }

    Builder edge(long from, long to, String action) {
      edges.add(new StateGraph.Edge(from, to, action));
      return this;
    }

    int edgeCount() {
      return edges.size();
    }

    StateGraph build() {
      return new StateGraph(states, initial, edges);
    }
  }

  /** {@code n} states in one directed cycle; ids spaced out so that renumbering matters. */
  static StateGraph cycle(int n) {
    Builder b = new Builder();
    for (int i = 0; i < n; i++) {
      b.state(1000 + 7L * i).edge(1000 + 7L * i, 1000 + 7L * ((i + 1) % n), "Next");
    }
    return b.initial(1000).build();
  }

  /**
   * A chain 0 -> 1 -> ... -> n-1 -> 0 where every state has two self-loops, a parallel edge with a
   * second label to its successor, and one edge listed twice.
   */
  static StateGraph selfLoops(int n) {
    Builder b = new Builder();
    for (int i = 0; i < n; i++) {
      int next = (i + 1) % n;
      b.state(i).edge(i, i, "ErrA").edge(i, i, "ErrB").edge(i, next, "Step").edge(i, next, "Alt")
          .edge(i, i, "ErrA");
    }
    // a chain that leaves the ring and ends in a sink, with a self-loop at the sink
    b.state(n).state(n + 1).edge(0, n, "Leave").edge(n, n + 1, "Step").edge(n + 1, n + 1, "ErrA");
    return b.initial(0).build();
  }

  /**
   * A layered DAG: one root, {@code layers} layers of {@code width} states, each state with edges
   * to two or three states of the next layer; the last layer are sinks. Every edge into the last
   * layer ends a trace, so it needs many traces.
   */
  static StateGraph dagWithSinks(int layers, int width, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Builder b = new Builder().state(0).initial(0);
    for (int i = 1; i <= layers * width; i++) {
      b.state(i);
    }
    for (int w = 0; w < width; w++) {
      b.edge(0, 1 + w, "Fork");
    }
    for (int l = 1; l < layers; l++) {
      for (int w = 0; w < width; w++) {
        long from = 1 + (long) (l - 1) * width + w;
        Set<Integer> targets = new HashSet<>();
        int k = 2 + r.nextInt(2);
        while (targets.size() < k) {
          targets.add(r.nextInt(width));
        }
        for (int t : targets.stream().sorted().toList()) {
          long to = 1 + (long) l * width + t;
          b.edge(from, to, "Op" + (t % 3));
        }
      }
    }
    return b.build();
  }

  /**
   * A random strongly connected graph: a Hamiltonian cycle through a random permutation plus
   * random edges with one of five labels, {@code m} distinct edges in all.
   */
  static StateGraph randomStronglyConnected(int n, int m, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    Builder b = new Builder();
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      b.state(perm[i]);
      add(b, seen, perm[i], perm[(i + 1) % n], 0);
    }
    while (b.edgeCount() < m) {
      add(b, seen, r.nextInt(n), r.nextInt(n), r.nextInt(5));
    }
    return b.initial(perm[r.nextInt(n)]).build();
  }

  private static void add(Builder b, Set<Long> seen, int from, int to, int label) {
    if (seen.add(((long) from * Integer.MAX_VALUE + to) * 8 + label)) {
      b.edge(from, to, "A" + label);
    }
  }

  /**
   * A graph shaped like a protocol model's: abstract "core" states (the spec's variables other
   * than {@code lastAction}), each with 1 to 4 operations to other cores and 0 to 3 error actions
   * that leave the core unchanged; a few cores are terminal (sinks). The states are the pairs
   * (core, last action) reachable from (core 0, Init), as TLC sees them when every state records
   * its {@code lastAction}: an error from (c, x) leads to (c, Err), so errors form cliques of
   * twin states rather than self-loops. With {@code errorsAreSelfLoops} the error leaves
   * {@code lastAction} unchanged instead, i.e. is a true self-loop.
   */
  static StateGraph protocolLike(int cores, long seed, boolean errorsAreSelfLoops) {
    SplittableRandom r = new SplittableRandom(seed);
    int sinks = 3;
    int[][] opTarget = new int[cores][];
    int[][] opLabel = new int[cores][];
    int[][] errors = new int[cores][];
    for (int c = 0; c < cores; c++) {
      if (c >= cores - sinks) {
        opTarget[c] = new int[0];
        opLabel[c] = new int[0];
        errors[c] = new int[0];
        continue;
      }
      int ops = 1 + r.nextInt(4);
      opTarget[c] = new int[ops];
      opLabel[c] = new int[ops];
      for (int k = 0; k < ops; k++) {
        // operation 0 walks a ring through the live cores so that they are strongly connected;
        // now and then an operation ends in a terminal core
        opTarget[c][k] = k == 0 ? (c + 1) % (cores - sinks)
            : r.nextInt(500) == 0 ? cores - sinks + r.nextInt(sinks) : r.nextInt(cores - sinks);
        opLabel[c][k] = k == 0 ? 0 : 1 + r.nextInt(11);
      }
      int errs = r.nextInt(4);
      Set<Integer> es = new HashSet<>();
      while (es.size() < errs) {
        es.add(r.nextInt(6));
      }
      errors[c] = es.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
    String[] opNames = new String[12];
    for (int i = 0; i < opNames.length; i++) {
      opNames[i] = "Op" + i;
    }
    String[] errNames = new String[6];
    for (int i = 0; i < errNames.length; i++) {
      errNames[i] = "Err" + i;
    }
    // label codes: 0 = Init, 1..12 operations, 13..18 errors
    Builder b = new Builder();
    Map<Long, Long> ids = new HashMap<>();
    List<long[]> queue = new ArrayList<>();
    long start = key(0, 0);
    ids.put(start, 0L);
    b.state(0, "Init").initial(0);
    queue.add(new long[] {0, 0});
    for (int head = 0; head < queue.size(); head++) {
      int c = (int) queue.get(head)[0];
      int last = (int) queue.get(head)[1];
      long from = ids.get(key(c, last));
      for (int k = 0; k < opTarget[c].length; k++) {
        int to = opTarget[c][k];
        int label = 1 + opLabel[c][k];
        long id = visit(b, ids, queue, to, label, opNames[label - 1]);
        b.edge(from, id, opNames[label - 1]);
      }
      for (int e : errors[c]) {
        int label = errorsAreSelfLoops ? last : 13 + e;
        String name = errorsAreSelfLoops ? (last == 0 ? "Init" : last <= 12 ? opNames[last - 1]
            : errNames[last - 13]) : errNames[e];
        long id = visit(b, ids, queue, c, label, name);
        b.edge(from, id, errNames[e]);
      }
    }
    return b.build();
  }

  private static long key(int core, int label) {
    return (long) core * 32 + label;
  }

  private static long visit(Builder b, Map<Long, Long> ids, List<long[]> queue, int core,
      int label, String name) {
    Long id = ids.get(key(core, label));
    if (id == null) {
      id = (long) ids.size();
      ids.put(key(core, label), id);
      b.state(id, name);
      queue.add(new long[] {core, label});
    }
    return id;
  }

  /**
   * A graph shaped like a resource protocol's (dma-buf's references and mappings): {@code r}
   * resources, each with a reference count 0..{@code k} and, while referenced, a mapped flag.
   * Per resource: Get (count + 1; EMFILE at k), Put (count - 1; EINVAL at 0, EBUSY while mapped),
   * Map (EBUSY when mapped, EINVAL when unreferenced), Unmap (EINVAL when unmapped). Two sinks:
   * Shutdown from the all-idle state, Crash when every count is at k. Calls are inverse in pairs,
   * so the core is nearly balanced; errors change nothing but {@code lastAction}.
   *
   * <p>With {@code lastActionInState}, states are (core, last call) pairs as TLC sees them, so an
   * error leads to a twin state recording it; without, errors are self-loops.
   */
  static StateGraph resourceProtocol(int r, int k, boolean lastActionInState) {
    String[] ops = {"Get", "Put", "Map", "Unmap"};
    int perResource = 1 + 2 * k; // 0, or count 1..k unmapped / mapped
    int cores = 1;
    for (int i = 0; i < r; i++) {
      cores *= perResource;
    }
    int shutdown = cores;
    int crash = cores + 1;
    Builder b = new Builder();
    Map<Long, Long> ids = new HashMap<>();
    List<long[]> queue = new ArrayList<>();
    // a state is (core, code of the last call); code 0 is Init
    long first = visitCall(b, ids, queue, 0, 0, new ActionCall("Init", List.of(), "ok", 0));
    b.initial(first);
    for (int head = 0; head < queue.size(); head++) {
      int core = (int) queue.get(head)[0];
      int lastCode = (int) queue.get(head)[1];
      long from = ids.get((long) core * 1024 + lastCode);
      if (core >= cores) {
        continue; // a sink
      }
      int[] digits = new int[r];
      boolean idle = true;
      boolean full = true;
      for (int i = 0, c = core; i < r; i++, c /= perResource) {
        digits[i] = c % perResource;
        idle &= digits[i] == 0;
        full &= count(digits[i], k) == k;
      }
      if (idle) {
        edge(b, ids, queue, from, shutdown, "Shutdown", List.of(), "ok", 1, lastActionInState,
            lastCode, core);
      }
      if (full) {
        edge(b, ids, queue, from, crash, "Crash", List.of(), "ok", 2, lastActionInState, lastCode,
            core);
      }
      for (int i = 0; i < r; i++) {
        int d = digits[i];
        int cnt = count(d, k);
        boolean mapped = d > k;
        for (int op = 0; op < 4; op++) {
          int nd = -1;
          String outcome = "ok";
          if (op == 0) {
            if (cnt == k) {
              outcome = "EMFILE";
            } else {
              nd = mapped ? d + 1 : cnt + 1;
            }
          } else if (op == 1) {
            if (cnt == 0) {
              outcome = "EINVAL";
            } else if (mapped) {
              outcome = "EBUSY";
            } else {
              nd = cnt - 1;
            }
          } else if (op == 2) {
            if (cnt == 0) {
              outcome = "EINVAL";
            } else if (mapped) {
              outcome = "EBUSY";
            } else {
              nd = cnt + k;
            }
          } else {
            if (!mapped) {
              outcome = "EINVAL";
            } else {
              nd = cnt;
            }
          }
          int to = core;
          if (nd >= 0) {
            int pow = 1;
            for (int j = 0; j < i; j++) {
              pow *= perResource;
            }
            to = core + (nd - d) * pow;
          }
          int code = 3 + (i * 4 + op) * 5 + List.of("ok", "EMFILE", "EINVAL", "EBUSY")
              .indexOf(outcome);
          edge(b, ids, queue, from, to, ops[op], List.of(Values.str("r" + i)), outcome, code,
              lastActionInState, lastCode, core);
        }
      }
    }
    return b.build();
  }

  /** The reference count of a resource digit: 0, 1..k unmapped, k+1..2k mapped. */
  private static int count(int digit, int k) {
    return digit > k ? digit - k : digit;
  }

  private static void edge(Builder b, Map<Long, Long> ids, List<long[]> queue, long from, int to,
      String name, List<Value> args, String outcome, int code, boolean lastActionInState,
      int lastCode, int core) {
    boolean error = !outcome.equals("ok");
    int toCode = lastActionInState ? code : (error ? lastCode : code);
    ActionCall call = new ActionCall(name, args, outcome, 0);
    if (!lastActionInState && error) {
      // without lastAction in the state an error is a self-loop
      b.edge(from, from, name);
      return;
    }
    long id = visitCall(b, ids, queue, to, toCode, call);
    b.edge(from, id, name);
  }

  private static long visitCall(Builder b, Map<Long, Long> ids, List<long[]> queue, int core,
      int code, ActionCall call) {
    long key = (long) core * 1024 + code;
    Long id = ids.get(key);
    if (id == null) {
      id = (long) ids.size();
      ids.put(key, id);
      b.state(id, call);
      queue.add(new long[] {core, code});
    }
    return id;
  }
}
