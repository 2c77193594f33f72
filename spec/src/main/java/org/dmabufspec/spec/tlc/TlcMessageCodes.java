package org.dmabufspec.spec.tlc;

/**
 * The message codes of TLC 2.18's {@code -tool} output that the runner interprets. They are the
 * constants of {@code tlc2.output.EC} (read from the jar and checked by running TLC); every other
 * code of severity {@code ERROR} is reported as {@link TlcOutcome#ERROR}.
 */
public final class TlcMessageCodes {
  private TlcMessageCodes() {}

  /** {@code "Assumption line 4, col 8 to line 4, col 12 of module Dead is false."} */
  public static final int ASSUMPTION_FALSE = 2104;
  /** {@code "Invariant X is violated by the initial state:"} followed by the state. */
  public static final int INVARIANT_VIOLATED_INITIAL = 2107;
  /** {@code "Property X is violated by the initial state:"} followed by the state. */
  public static final int PROPERTY_VIOLATED_INITIAL = 2108;
  /** {@code "Invariant X is violated."}; the trace follows as {@link #STATE_PRINT2} messages. */
  public static final int INVARIANT_VIOLATED_BEHAVIOR = 2110;
  /** {@code "Action property X is violated."}; the trace follows. */
  public static final int ACTION_PROPERTY_VIOLATED_BEHAVIOR = 2112;
  /** {@code "Deadlock reached."}; the trace follows. */
  public static final int DEADLOCK_REACHED = 2114;
  /** {@code "Temporal properties were violated."} (no property name); the trace follows. */
  public static final int TEMPORAL_PROPERTY_VIOLATED = 2116;
  /** {@code "The behavior up to this point is:"}, before a safety trace. */
  public static final int BEHAVIOR_UP_TO_THIS_POINT = 2121;
  /** {@code "2: Back to state: <A line ...>"}: the lasso's loop-back state number. */
  public static final int BACK_TO_STATE = 2122;
  /** {@code "The following behavior constitutes a counter-example:"}, before a liveness trace. */
  public static final int COUNTER_EXAMPLE = 2264;
  /** {@code "Finished computing initial states: 2 distinct states generated at ..."} */
  public static final int INIT_GENERATED1 = 2190;
  /** {@code "Finished computing initial states: N states generated, with M of them distinct."} */
  public static final int INIT_GENERATED2 = 2191;
  /** {@code "Model checking completed. No error has been found."} */
  public static final int SUCCESS = 2193;
  /** {@code "The depth of the complete state graph search is 6."} */
  public static final int SEARCH_DEPTH = 2194;
  /** {@code "30 states generated, 16 distinct states found, 0 states left on queue."} */
  public static final int STATS = 2199;
  /** {@code "Progress(6) at ...: 30 states generated (...), 16 distinct states found ..."} */
  public static final int PROGRESS_STATS = 2200;
  /** A trace state without action: {@code "N:"}, then the state. */
  public static final int STATE_PRINT1 = 2216;
  /** A trace state: {@code "N: <Action line ... of module M>"}, then the state. */
  public static final int STATE_PRINT2 = 2217;
  /** {@code "N: Stuttering"}: a liveness trace ends by stuttering forever. */
  public static final int STATE_PRINT3 = 2218;
  /** {@code "Parsing or semantic analysis failed."}; SANY's report is untagged output. */
  public static final int PARSING_FAILED = 3002;
  /** {@code "Finished in 1203ms at (...)"} */
  public static final int FINISHED = 2186;
}
