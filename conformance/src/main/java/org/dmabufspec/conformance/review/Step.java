package org.dmabufspec.conformance.review;

/**
 * One call of a counterexample, as a reader of kernel code would write it.
 *
 * @param number 1-based position in the counterexample (the initial state is not a step)
 * @param actor the lifeline that makes the call: a process ({@code p1}), an importer
 *     ({@code d1}), {@code exporter}, or {@code kernel} for the core's own steps
 * @param target the lifeline that handles it: usually {@code kernel} (the dma-buf core); the
 *     exporter for a callback such as the release; equal to {@code actor} for an internal step
 * @param call the call, e.g. {@code dma_buf_map_attachment(d1, b1, DMA_TO_DEVICE)}
 * @param result what it returned, e.g. {@code sg_table}, {@code fd 3}, {@code -EINVAL}
 * @param note a remark in brackets, e.g. {@code last fput}, or empty
 * @param failed whether the result is an error
 */
public record Step(int number, String actor, String target, String call, String result,
    String note, boolean failed) {

  public Step {
    note = note == null ? "" : note;
  }

  /** {@code 3. dma_buf_map_attachment(d1, b1, DMA_TO_DEVICE) -> sg_table}. */
  public String line() {
    return number + ". " + text();
  }

  /** The line without its number. */
  public String text() {
    StringBuilder sb = new StringBuilder(call);
    if (!result.isEmpty()) {
      sb.append(" -> ").append(result);
    }
    if (!note.isEmpty()) {
      sb.append(" [").append(note).append(']');
    }
    return sb.toString();
  }

  /** Whether the step is internal (no caller outside the kernel and the exporter). */
  public boolean internal() {
    return actor.equals("kernel") || actor.equals(target);
  }
}
