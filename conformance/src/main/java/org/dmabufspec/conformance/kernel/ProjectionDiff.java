package org.dmabufspec.conformance.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.spec.value.Values;

/**
 * Compares a target's projection with a spec state, as {@link org.dmabufspec.conformance.target.Target#projection()}
 * defines it: a variable the target left out is not compared; inside a function or record the
 * target gives, only the keys it gives are compared (a part it cannot observe is left out), and
 * a key the spec does not have is a difference. Sets, sequences and scalars compare whole. A
 * string and a model value of the same name are equal (the configs use either for names), and
 * so are the empty sequence and the empty function (TLC prints both as {@code <<>>}).
 */
final class ProjectionDiff {
    private ProjectionDiff() {}

    /** The differences, one line each ("refcount[b1]: spec 2, kernel 3"); empty when they agree. */
    static List<String> diff(Map<String, Value> spec, Map<String, Value> projection) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Value> e : projection.entrySet()) {
            Value expected = spec.get(e.getKey());
            if (expected == null) {
                out.add(e.getKey() + ": not a variable of the spec");
            } else {
                compare(e.getKey(), expected, e.getValue(), out);
            }
        }
        return out;
    }

    private static void compare(String path, Value expected, Value actual, List<String> out) {
        if (isEmptySeq(expected) && isEmptySeq(actual)) {
            return;
        }
        Value.Fun af = asFun(actual);
        Value.Fun ef = asFun(expected);
        if (af != null && ef != null && !(actual instanceof Value.Record && expected instanceof Value.Record)) {
            for (Map.Entry<Value, Value> e : af.mapping().entrySet()) {
                Value key = findKey(ef.mapping().keySet(), e.getKey());
                String p = path + "[" + Values.format(e.getKey()) + "]";
                if (key == null) {
                    out.add(p + ": the spec has no such key; the target shows " + Values.format(e.getValue()));
                } else {
                    compare(p, ef.mapping().get(key), e.getValue(), out);
                }
            }
            return;
        }
        if (actual instanceof Value.Record ar && expected instanceof Value.Record er) {
            for (Map.Entry<String, Value> e : ar.fields().entrySet()) {
                Value ev = er.fields().get(e.getKey());
                String p = path + "." + e.getKey();
                if (ev == null) {
                    out.add(p + ": the spec has no such field");
                } else {
                    compare(p, ev, e.getValue(), out);
                }
            }
            return;
        }
        if (!same(expected, actual)) {
            out.add(path + ": spec " + Values.format(expected) + ", target " + Values.format(actual));
        }
    }

    /**
     * A function, or a record read as the function from its field names (an ITF reader gives a
     * function with string keys as a record); null for anything else.
     */
    static Value.Fun asFun(Value v) {
        if (v instanceof Value.Fun f) {
            return f;
        }
        if (v instanceof Value.Record r) {
            Map<Value, Value> m = new java.util.LinkedHashMap<>();
            r.fields().forEach((k, x) -> m.put(new Value.Str(k), x));
            return new Value.Fun(m);
        }
        return null;
    }

    private static Value findKey(Set<Value> keys, Value k) {
        if (keys.contains(k)) {
            return k;
        }
        for (Value x : keys) {
            if (same(x, k)) {
                return x;
            }
        }
        return null;
    }

    /** Structural equality up to names (string or model value) and the empty sequence. */
    static boolean same(Value a, Value b) {
        if (a.equals(b)) {
            return true;
        }
        String na = name(a);
        String nb = name(b);
        if (na != null && na.equals(nb)) {
            return true;
        }
        if (isEmptySeq(a) && isEmptySeq(b)) {
            return true;
        }
        if (a instanceof Value.Tuple ta && b instanceof Value.Tuple tb) {
            if (ta.elements().size() != tb.elements().size()) {
                return false;
            }
            for (int i = 0; i < ta.elements().size(); i++) {
                if (!same(ta.elements().get(i), tb.elements().get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Value.SetV sa && b instanceof Value.SetV sb) {
            return normalise(sa).equals(normalise(sb));
        }
        if (a instanceof Value.Record ra && b instanceof Value.Record rb) {
            if (!ra.fields().keySet().equals(rb.fields().keySet())) {
                return false;
            }
            return ra.fields().keySet().stream().allMatch(k -> same(ra.fields().get(k), rb.fields().get(k)));
        }
        Value.Fun fa = asFun(a);
        Value.Fun fb = asFun(b);
        if (fa != null && fb != null) {
            if (fa.mapping().size() != fb.mapping().size()) {
                return false;
            }
            for (Map.Entry<Value, Value> e : fa.mapping().entrySet()) {
                Value k = findKey(fb.mapping().keySet(), e.getKey());
                if (k == null || !same(e.getValue(), fb.mapping().get(k))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static Set<String> normalise(Value.SetV s) {
        Set<String> out = new TreeSet<>();
        for (Value v : s.elements()) {
            String n = name(v);
            out.add(n != null ? "name:" + n : Values.format(v));
        }
        return out;
    }

    private static String name(Value v) {
        if (v instanceof Value.Str s) {
            return s.value();
        }
        if (v instanceof Value.ModelValue m) {
            return m.name();
        }
        return null;
    }

    private static boolean isEmptySeq(Value v) {
        return (v instanceof Value.Tuple t && t.elements().isEmpty()) || (v instanceof Value.Fun f && f.mapping().isEmpty());
    }
}
