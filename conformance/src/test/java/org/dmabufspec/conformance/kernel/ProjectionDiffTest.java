package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.spec.value.Values;
import org.junit.jupiter.api.Test;

class ProjectionDiffTest {

    private static Value.Fun fun(Object... kv) {
        java.util.Map<Value, Value> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i] instanceof String s ? Values.str(s) : Values.num(((Number) kv[i]).longValue()), (Value) kv[i + 1]);
        }
        return new Value.Fun(m);
    }

    @Test
    void onlyTheGivenVariablesAndKeysAreCompared() {
        Map<String, Value> spec = Map.of("refcount", Values.record("b1", Values.num(2), "b2", Values.num(0)),
                "mapped", Values.record("b1", Values.str("none")));
        // The target observes b1's refcount only, and nothing of mapped.
        assertEquals(List.of(), ProjectionDiff.diff(spec, Map.of("refcount", fun("b1", Values.num(2)))));
        List<String> d = ProjectionDiff.diff(spec, Map.of("refcount", fun("b1", Values.num(3))));
        assertEquals(List.of("refcount[\"b1\"]: spec 2, target 3"), d);
    }

    @Test
    void aKeyTheSpecLacksIsADifference() {
        Map<String, Value> spec = Map.of("fds", Values.record("p1", fun(3, Values.record("buf", Values.str("none"),
                "cloexec", Values.bool(false)))));
        Value target = fun("p1", fun(3, Values.record("buf", Values.str("none"), "cloexec", Values.bool(false)),
                4, Values.record("buf", Values.str("unmapped real fd 4"), "cloexec", Values.bool(false))));
        List<String> d = ProjectionDiff.diff(spec, Map.of("fds", target));
        assertEquals(1, d.size(), d.toString());
        assertTrue(d.get(0).startsWith("fds[\"p1\"][4]: the spec has no such key"), d.get(0));
    }

    @Test
    void namesAndEmptySequencesCompareAcrossTheirSpellings() {
        assertTrue(ProjectionDiff.same(new Value.ModelValue("b1"), Values.str("b1")));
        assertTrue(ProjectionDiff.same(new Value.Tuple(List.of()), new Value.Fun(Map.of())));
        assertTrue(ProjectionDiff.same(Values.set(Values.str("d1")), Values.set(new Value.ModelValue("d1"))));
        Map<String, Value> spec = Map.of("mmaps", Values.record("p1", Values.record("b1", new Value.Tuple(List.of()))));
        assertEquals(List.of(), ProjectionDiff.diff(spec, Map.of("mmaps", fun("p1", fun("b1", new Value.Fun(Map.of()))))));
    }

    @Test
    void aMappingTheSpecDoesNotHaveIsADifference() {
        Map<String, Value> spec = Map.of("mmaps", Values.record("p1", Values.record("b1", new Value.Tuple(List.of()))));
        List<String> d = ProjectionDiff.diff(spec, Map.of("mmaps", fun("p1", fun("b1", Values.tuple(Values.num(0),
                Values.num(1))))));
        assertEquals(List.of("mmaps[\"p1\"][\"b1\"]: spec <<>>, target <<0, 1>>"), d);
    }
}
