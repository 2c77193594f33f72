package org.dmabufspec.traces;

import java.util.Map;
import org.dmabufspec.spec.value.Value;

/**
 * One step of a trace: the call that took state {@code index} to state {@code index + 1}, as the
 * target state's {@code lastAction} records it, with both states so a replayer can compare the
 * observable state after the call.
 *
 * @param index the step's position, 0 for the step out of the initial state
 * @param call the action, its arguments and its expected outcome
 * @param before state {@code index}
 * @param after state {@code index + 1}
 */
public record Step(int index, ActionCall call, Map<String, Value> before, Map<String, Value> after) {}
