package org.dmabufspec.spec.tlc;

/** The verdict of one TLC run. */
public enum TlcOutcome {
  /** Model checking completed and found no error (TLC message 2193). */
  SUCCESS,
  /** An invariant is false in a reachable state (2110), possibly an initial one (2107). */
  INVARIANT_VIOLATED,
  /**
   * A property of the {@code PROPERTY} list is violated: a temporal (liveness) property (2116,
   * with a lasso or stuttering counterexample), an action property {@code [][A]_v} (2112), or a
   * property that is false in an initial state (2108).
   */
  PROPERTY_VIOLATED,
  /** A reachable state has no successor and deadlock checking is on (2114). */
  DEADLOCK,
  /** An {@code ASSUME} of the spec is false for the model's constants (2104). */
  ASSUMPTION_FAILED,
  /**
   * TLC could not check the model: a parse or semantic error, a bad configuration, an evaluation
   * error, a crash, or a timeout. {@link TlcResult#errorMessage()} says which.
   */
  ERROR
}
