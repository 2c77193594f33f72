package org.dmabufspec.traces;

import java.util.Arrays;

/**
 * One generated trace as a walk in the state graph: TLC state ids and the action label of each
 * edge taken. {@link EdgeCover#traces} turns it into a {@link Trace} of full states.
 */
public final class CoverPath {
  private final long[] states;
  private final String[] actions;

  CoverPath(long[] states, String[] actions) {
    if (states.length != actions.length + 1) {
      throw new IllegalArgumentException("a path of n steps visits n + 1 states");
    }
    this.states = states;
    this.actions = actions;
  }

  /** The number of steps (edges walked). */
  public int length() {
    return actions.length;
  }

  /** The TLC id of state {@code i}, 0 <= i <= length(); state 0 is initial. */
  public long state(int i) {
    return states[i];
  }

  /** The label (TLC action name) of the edge from state {@code i} to state {@code i + 1}. */
  public String action(int i) {
    return actions[i];
  }

  /** A copy of the state ids in walking order. */
  public long[] stateIds() {
    return states.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CoverPath p && Arrays.equals(states, p.states)
        && Arrays.equals(actions, p.actions);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(states) + Arrays.hashCode(actions);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder().append(states[0]);
    for (int i = 0; i < actions.length && i < 20; i++) {
      b.append(" -").append(actions[i]).append("-> ").append(states[i + 1]);
    }
    return actions.length > 20 ? b.append(" ... (" + actions.length + " steps)").toString()
        : b.toString();
  }
}
