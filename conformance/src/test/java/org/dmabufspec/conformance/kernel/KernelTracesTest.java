package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class KernelTracesTest {

    @Test
    void theSelectionBuysTheMostNewCallsPerStepWithinTheBudget() {
        List<List<String>> calls = List.of(
                List.of("a", "b"),             // 0: 2 steps
                List.of("a", "b", "c", "d"),   // 1: 4 steps, the best value
                List.of("e"),                  // 2: 1 step
                List.of("a", "b", "c"),        // 3: nothing new after 1
                List.of("f", "g", "h"));       // 4: 30 steps, over the budget
        int[] steps = {2, 4, 1, 3, 30};
        List<List<String>> none = List.of(List.of(), List.of(), List.of(), List.of(), List.of());
        assertEquals(List.of(1, 2), KernelTraces.select(calls, none, steps, 10));
        assertEquals(List.of(1, 2, 4), KernelTraces.select(calls, none, steps, 100));
    }

    @Test
    void afterEveryCallTheBudgetBuysNewEdges() {
        List<List<String>> calls = List.of(List.of("a"), List.of("a"), List.of("a"));
        List<List<String>> edges = List.of(List.of("x"), List.of("x", "y", "z"), List.of("x", "y"));
        int[] steps = {1, 3, 2};
        assertEquals(List.of(0, 1), KernelTraces.select(calls, edges, steps, 4));
    }
}
