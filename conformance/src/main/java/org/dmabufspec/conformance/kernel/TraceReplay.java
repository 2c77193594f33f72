package org.dmabufspec.conformance.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmabufspec.conformance.target.Outcome;
import org.dmabufspec.conformance.target.Target;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.spec.value.Values;
import org.dmabufspec.traces.ActionCall;
import org.dmabufspec.traces.LogEvent;
import org.dmabufspec.traces.Step;
import org.dmabufspec.traces.Trace;

/**
 * Replays one trace on a {@link Target}: each step's call (from the target state's
 * {@code lastAction}), its outcome compared with the spec's, then the target's projection
 * compared with the spec's next state ({@link ProjectionDiff}). A step whose outcome is an
 * injected fault is armed first ({@link Target#armFault}); a target that cannot arm it, or that
 * answers {@link Outcome#unsupported}, has the step counted as skipped with the reason, and the
 * projection is still compared. The first divergence ends the trace.
 *
 * <p>This is the kernel target's own small replayer, for the guest run of
 * {@link KernelReplayMain}; it depends on nothing but the {@link Target} interface.
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

    /** Faults the spec injects: (action, errno). */
    static boolean isFault(ActionCall c) {
        return switch (c.name()) {
            case "DmaBufExport", "DmaBufBeginCpuAccess", "DmaBufVmap" -> c.outcome().equals("ENOMEM");
            case "DmaBufMapAttachment" -> c.outcome().equals("EINTR");
            default -> false;
        };
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
            } else if (isFault(c) && !target.armFault(c.name(), c.outcome())) {
                skipped.merge("fault injection: " + c.name() + " " + c.outcome() + " cannot be provoked on "
                        + target.name(), 1, Integer::sum);
                log(log, c, NOT_PERFORMED);
            } else {
                Outcome o;
                long t0 = System.nanoTime();
                try {
                    o = call(target, c, step.before());
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

    /** Calls the target method named by the step's action, with the step's arguments. */
    static Outcome call(Target t, ActionCall c, Map<String, Value> before) {
        List<Value> a = c.args();
        return switch (c.name()) {
            case "DmaBufExport" -> t.dmaBufExport(s(a, 0));
            case "DmaBufFd" -> t.dmaBufFd(s(a, 0), s(a, 1), bool(a, 2));
            case "DmaBufGet" -> t.dmaBufGet(s(a, 0), s(a, 1), i(a, 2));
            case "DmaBufAttach" -> t.dmaBufAttach(s(a, 0), s(a, 1));
            case "DmaBufMapAttachment" -> {
                // The resumed and the interrupted stalled map record the same call as a new map;
                // the state before tells them apart: d's map on b was stalled.
                if (stalled(before, s(a, 1), s(a, 0))) {
                    yield c.outcome().equals("EINTR") ? t.dmaBufMapAttachmentInterrupted(s(a, 0), s(a, 1))
                            : t.dmaBufMapAttachmentResume(s(a, 0), s(a, 1));
                }
                yield t.dmaBufMapAttachment(s(a, 0), s(a, 1), s(a, 2));
            }
            case "DmaBufUnmapAttachment" -> t.dmaBufUnmapAttachment(s(a, 0), s(a, 1));
            case "DmaBufDetach" -> t.dmaBufDetach(s(a, 0), s(a, 1));
            case "DmaBufPut" -> t.dmaBufPut(s(a, 0), s(a, 1));
            case "DmaBufRelease" -> t.dmaBufRelease(s(a, 0));
            case "ExporterMigrate" -> t.exporterMigrate(s(a, 0));
            case "DmaBufBeginCpuAccess" -> t.dmaBufBeginCpuAccess(s(a, 0), i(a, 1), i(a, 2), s(a, 3));
            case "DmaBufEndCpuAccess" -> t.dmaBufEndCpuAccess(s(a, 0), i(a, 1), i(a, 2), s(a, 3));
            case "DmaBufKmap" -> t.dmaBufKmap(s(a, 0), i(a, 1));
            case "DmaBufKunmap" -> t.dmaBufKunmap(s(a, 0), i(a, 1));
            case "DmaBufKmapAtomic" -> t.dmaBufKmapAtomic(s(a, 0), s(a, 1), i(a, 2));
            case "DmaBufKunmapAtomic" -> t.dmaBufKunmapAtomic(s(a, 0), s(a, 1), i(a, 2));
            case "DmaBufVmap" -> t.dmaBufVmap(s(a, 0));
            case "DmaBufVunmap" -> t.dmaBufVunmap(s(a, 0));
            case "FdDup" -> t.fdDup(s(a, 0), i(a, 1));
            case "FdClose" -> t.fdClose(s(a, 0), i(a, 1));
            case "FdSend" -> t.fdSend(s(a, 0), s(a, 1), i(a, 2));
            case "ProcessExec" -> t.processExec(s(a, 0));
            case "DmaBufMmap" -> t.dmaBufMmap(s(a, 0), i(a, 1), i(a, 2), i(a, 3));
            case "Munmap" -> t.munmap(s(a, 0), s(a, 1));
            case "DmaBufLlseek" -> t.dmaBufLlseek(s(a, 0), i(a, 1), l(a, 2), s(a, 3));
            case "DmaBufIoctlSync" -> t.dmaBufIoctlSync(s(a, 0), i(a, 1), l(a, 2));
            case "DmaBufSetName" -> t.dmaBufSetName(s(a, 0), i(a, 1), s(a, 2));
            default -> throw new IllegalArgumentException("no target method for action " + c.name());
        };
    }

    private static boolean stalled(Map<String, Value> state, String b, String d) {
        Value.Fun st = state.get("stalled") == null ? null : ProjectionDiff.asFun(state.get("stalled"));
        if (st == null) {
            return false;
        }
        for (Map.Entry<Value, Value> e : st.mapping().entrySet()) {
            Value.Fun perDevice = ProjectionDiff.asFun(e.getValue());
            if (ProjectionDiff.same(e.getKey(), new Value.Str(b)) && perDevice != null) {
                for (Map.Entry<Value, Value> f : perDevice.mapping().entrySet()) {
                    if (ProjectionDiff.same(f.getKey(), new Value.Str(d))) {
                        return !ProjectionDiff.same(f.getValue(), new Value.Str("none"));
                    }
                }
            }
        }
        return false;
    }

    private static Value arg(List<Value> a, int k) {
        if (k >= a.size()) {
            throw new IllegalArgumentException("argument " + (k + 1) + " missing in " + Values.format(new Value.Tuple(a)));
        }
        return a.get(k);
    }

    private static String s(List<Value> a, int k) {
        Value v = arg(a, k);
        if (v instanceof Value.Str str) {
            return str.value();
        }
        if (v instanceof Value.ModelValue m) {
            return m.name();
        }
        throw new IllegalArgumentException("argument " + (k + 1) + " is not a name: " + v);
    }

    private static long l(List<Value> a, int k) {
        if (arg(a, k) instanceof Value.Int n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("argument " + (k + 1) + " is not an integer: " + a.get(k));
    }

    private static int i(List<Value> a, int k) {
        return Math.toIntExact(l(a, k));
    }

    private static boolean bool(List<Value> a, int k) {
        if (arg(a, k) instanceof Value.Bool b) {
            return b.value();
        }
        throw new IllegalArgumentException("argument " + (k + 1) + " is not a boolean: " + a.get(k));
    }
}
