package org.dmabufspec.conformance.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmabufspec.conformance.replay.Replayer;
import org.dmabufspec.conformance.target.Outcome;
import org.dmabufspec.conformance.target.Target;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.traces.ActionCall;
import org.dmabufspec.traces.LogEvent;
import org.dmabufspec.traces.Step;
import org.dmabufspec.traces.Trace;

/**
 * Replays one trace on a {@link Target}: each step's call (from the target state's
 * {@code lastAction}), its outcome compared with the spec's, then the target's projection
 * compared with the spec's next state ({@link ProjectionDiff}). Each call is made by the shared
 * {@link Replayer#perform} (which arms the spec's injected fault first); a step the target
 * answers with {@link Outcome#unsupported} is counted as skipped with the reason, and the
 * projection is still compared. The first divergence ends the trace.
 *
 * <p>What it adds to {@link Replayer} for the guest run of {@link KernelReplayMain}: documented
 * profile facts that let a trace go on ({@link KnownDivergences}), the time split, and the NDJSON
 * log of what the kernel did.
 */
final class TraceReplay {
    private TraceReplay() {}

    /** A step that did not match. */
    record Divergence(int step, String call, String expected, String actual, List<String> differences) {
        String describe() {
            StringBuilder s = new StringBuilder("step ").append(step).append(' ').append(call);
            if (!expected.equals(actual)) {
                s.append(": outcome spec ").append(expected).append(", target ").append(actual);
            }
            differences.forEach(d -> s.append("\n    ").append(d));
            return s.toString();
        }
    }

    /**
     * The replay of one trace.
     *
     * @param steps      steps in the trace
     * @param replayed   steps reached (all of them unless a divergence stopped the trace)
     * @param called     steps whose call the target made and whose outcome was compared
     * @param skipped    skip reason to the number of steps it skipped
     * @param divergence the first mismatch, or null
     */
    record Result(int steps, int replayed, int called, Map<String, Integer> skipped, List<Explained> explained,
                  Divergence divergence) {}

    /** A step whose outcome differed for a documented reason; the trace went on. */
    record Explained(Divergence divergence, String explanation) {}

    /** Says why an outcome may differ, when a documented fact does. */
    interface Explainer {
        java.util.Optional<String> explain(Divergence d);
    }

    /** Where a replay's time goes, in nanoseconds, summed over the traces that shared it. */
    static final class Clock {
        long read;
        long call;
        long projection;
        long comparison;

        void add(Clock o) {
            read += o.read;
            call += o.call;
            projection += o.projection;
            comparison += o.comparison;
        }

        Map<String, Double> seconds() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("reading traces", read / 1e9);
            m.put("calls", call / 1e9);
            m.put("projection", projection / 1e9);
            m.put("comparison", comparison / 1e9);
            return m;
        }
    }

    static Result replay(Trace trace, Target target) {
        return replay(trace, target, d -> java.util.Optional.empty(), new Clock(), null);
    }

    /** The log's thread for a call the target made. */
    static final String PERFORMED = "kernel";
    /** The log's thread for a step the target did not make (skipped): the spec's record of it. */
    static final String NOT_PERFORMED = "spec (not performed on the kernel)";

    /**
     * Replays {@code trace}; a step whose outcome alone differs (the projection agrees) and that
     * {@code explainer} explains is recorded as explained and the trace goes on: such a call
     * changed nothing on either side.
     */
    static Result replay(Trace trace, Target target, Explainer explainer, Clock clock, List<LogEvent> log) {
        Map<String, Integer> skipped = new LinkedHashMap<>();
        List<Explained> explained = new ArrayList<>();
        List<Step> steps = trace.steps();
        int called = 0;
        List<String> initial = ProjectionDiff.diff(trace.states().get(0), target.projection());
        if (!initial.isEmpty()) {
            return new Result(steps.size(), 0, 0, skipped, explained, new Divergence(-1, "Init", "ok", "ok", initial));
        }
        for (Step step : steps) {
            ActionCall c = step.call();
            String actual = null;
            if (c.name().equals("Done")) {
                skipped.merge("Done: the spec's final stutter, no call", 1, Integer::sum);
            } else {
                Outcome o;
                long t0 = System.nanoTime();
                try {
                    o = Replayer.perform(target, c, step.before());
                    clock.call += System.nanoTime() - t0;
                } catch (RuntimeException e) {
                    return new Result(steps.size(), step.index() + 1, called, skipped, explained,
                            new Divergence(step.index(), c.toString(), expected(c), "exception", List.of(e.toString())));
                }
                if (o.isUnsupported()) {
                    skipped.merge(c.name() + ": " + o.unsupportedReason(), 1, Integer::sum);
                    log(log, c, NOT_PERFORMED);
                } else {
                    called++;
                    actual = o.outcome() + (o.ret() == 0 ? "" : " " + o.ret());
                    log(log, new ActionCall(c.name(), c.args(), o.outcome(), o.ret()), PERFORMED);
                }
            }
            long t1 = System.nanoTime();
            Map<String, Value> projection = target.projection();
            long t2 = System.nanoTime();
            List<String> diffs = ProjectionDiff.diff(step.after(), projection);
            clock.projection += t2 - t1;
            clock.comparison += System.nanoTime() - t2;
            String exp = expected(c);
            if (!diffs.isEmpty() || (actual != null && !actual.equals(exp))) {
                Divergence d = new Divergence(step.index(), c.toString(), exp, actual == null ? exp : actual, diffs);
                java.util.Optional<String> why = diffs.isEmpty() ? explainer.explain(d) : java.util.Optional.empty();
                if (why.isPresent()) {
                    explained.add(new Explained(d, why.get()));
                    continue;
                }
                return new Result(steps.size(), step.index() + 1, called, skipped, explained, d);
            }
        }
        return new Result(steps.size(), steps.size(), called, skipped, explained, null);
    }

    /**
     * Appends one event to {@code log} (when there is one): what the kernel returned for a call
     * it made, the spec's own record for a step it did not make. {@code dmabuf validate} checks
     * such a log against the spec like any implementation's log.
     */
    private static void log(List<LogEvent> log, ActionCall call, String thread) {
        if (log != null) {
            log.add(new LogEvent(log.size(), call, thread));
        }
    }

    private static String expected(ActionCall c) {
        return c.outcome() + (c.ret() == 0 ? "" : " " + c.ret());
    }
}
