package org.dmabufspec.conformance.replay;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What replaying one trace found.
 *
 * @param trace the trace's file or name
 * @param steps the trace's steps
 * @param replayed steps the target performed and that agreed with the spec (outcome and state)
 * @param skipped steps not compared, by reason: the target could not perform them (it answered
 *     {@code unsupported}), or they came after an unsupported step that left the target's state
 *     different from the spec's
 * @param mismatch the first disagreement, or null
 */
public record TraceResult(String trace, int steps, int replayed, Map<String, Integer> skipped,
    Mismatch mismatch) {

  public TraceResult {
    skipped = Collections.unmodifiableMap(new TreeMap<>(skipped));
  }

  /** True when no step disagreed. */
  public boolean agrees() {
    return mismatch == null;
  }

  /** Steps skipped, for every reason together. */
  public int skippedSteps() {
    return skipped.values().stream().mapToInt(Integer::intValue).sum();
  }

  @Override
  public String toString() {
    return trace + ": " + replayed + "/" + steps + " steps replayed"
        + (skipped.isEmpty() ? "" : ", skipped " + skipped)
        + (mismatch == null ? "" : "\n" + mismatch.report());
  }
}
