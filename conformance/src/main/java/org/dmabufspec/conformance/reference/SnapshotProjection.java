package org.dmabufspec.conformance.reference;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.dmabufspec.reference.KernelContext;
import org.dmabufspec.reference.Snapshot;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.spec.value.Values;

/**
 * The reference's {@link Snapshot} as the spec's variables, in exactly the shapes TLC prints
 * them: a function over strings (buffers, devices, processes, contexts) is a record
 * {@code [b1 |-> "live"]}, an fd table is a function over fd numbers {@code (3 :> [buf |-> "b1",
 * cloexec |-> FALSE])}, a user mapping is {@code <<>>} or {@code <<pgoff, len>>}, the atomic kmaps
 * of a context a set of tuples {@code {<<"b1", 0>>}}, and a function with an empty domain
 * {@code <<>>}. Every variable but {@code lastAction}.
 */
public final class SnapshotProjection {
  private SnapshotProjection() {}

  /** The variables of {@code s}, in {@link Snapshot#VARIABLES} order. */
  public static Map<String, Value> project(Snapshot s) {
    Map<String, Value> out = new LinkedHashMap<>();
    out.put("bufState", byName(s.bufState(), Values::str));
    out.put("refcount", byName(s.refcount(), SnapshotProjection::num));
    out.put("drvRefs", byName(s.drvRefs(), m -> byName(m, SnapshotProjection::num)));
    out.put("attached", byName(s.attached(), SnapshotProjection::strings));
    out.put("mapped", byName(s.mapped(), m -> byName(m, Values::str)));
    out.put("stalled", byName(s.stalled(), m -> byName(m, Values::str)));
    out.put("storage", byName(s.storage(), Values::str));
    out.put("everMapped", byName(s.everMapped(), Values::bool));
    out.put("releases", byName(s.releases(), SnapshotProjection::num));
    out.put("cpuWindow", byName(s.cpuWindow(), w -> Values.record(
        "start", Values.num(w.start()), "len", Values.num(w.len()), "dir", Values.str(w.dir()))));
    out.put("kmapped", byName(s.kmapped(), SnapshotProjection::intSet));
    out.put("atomics", byName(s.atomics(), SnapshotProjection::pairs));
    out.put("vmapCount", byName(s.vmapCount(), SnapshotProjection::num));
    out.put("exporterVmaps", byName(s.exporterVmaps(), SnapshotProjection::num));
    out.put("name", byName(s.name(), Values::str));
    out.put("fds", byName(s.fds(), SnapshotProjection::fdTable));
    out.put("mmaps", byName(s.mmaps(), m -> byName(m, SnapshotProjection::intTuple)));
    out.put("granted", byName(s.granted(), SnapshotProjection::strings));
    return out;
  }

  /** A function over names, as TLC prints it: a record, or {@code <<>>} when empty. */
  static <V> Value byName(Map<String, V> m, Function<V, Value> f) {
    if (m.isEmpty()) {
      return new Value.Tuple(List.of());
    }
    Map<String, Value> fields = new LinkedHashMap<>();
    m.forEach((k, v) -> fields.put(k, f.apply(v)));
    return new Value.Record(fields);
  }

  private static Value num(Integer n) {
    return Values.num(n);
  }

  private static Value fdTable(Map<Integer, Snapshot.Fd> table) {
    if (table.isEmpty()) {
      return new Value.Tuple(List.of());
    }
    Map<Value, Value> m = new LinkedHashMap<>();
    table.forEach((fd, e) -> m.put(Values.num(fd),
        Values.record("buf", Values.str(e.buf()), "cloexec", Values.bool(e.cloexec()))));
    return new Value.Fun(m);
  }

  private static Value strings(Set<String> s) {
    Set<Value> out = new HashSet<>();
    s.forEach(x -> out.add(Values.str(x)));
    return new Value.SetV(out);
  }

  private static Value intSet(Set<Integer> s) {
    Set<Value> out = new HashSet<>();
    s.forEach(x -> out.add(Values.num(x)));
    return new Value.SetV(out);
  }

  private static Value intTuple(List<Integer> l) {
    List<Value> out = new ArrayList<>(l.size());
    l.forEach(x -> out.add(Values.num(x)));
    return new Value.Tuple(out);
  }

  private static Value pairs(Set<KernelContext.AtomicKmap> s) {
    Set<Value> out = new HashSet<>();
    s.forEach(a -> out.add(Values.tuple(Values.str(a.buffer()), Values.num(a.page()))));
    return new Value.SetV(out);
  }
}
