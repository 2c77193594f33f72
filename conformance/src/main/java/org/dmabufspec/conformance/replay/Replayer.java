package org.dmabufspec.conformance.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dmabufspec.conformance.target.Outcome;
import org.dmabufspec.conformance.target.Target;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.traces.ActionCall;
import org.dmabufspec.traces.Step;
import org.dmabufspec.traces.Trace;

/**
 * Replays spec traces against a {@link Target} and compares, after every step, what the target
 * returned and the state it projects with the trace.
 *
 * <p>Step {@code i} is the call recorded in state {@code i + 1}'s {@code lastAction}: its name,
 * arguments, outcome and ret. The replayer makes that call (one switch over the action names;
 * {@code Done} changes nothing), having first armed the fault the spec chose (the ENOMEM of
 * export, begin_cpu_access and vmap, the EINTR of a fresh map); a {@code DmaBufMapAttachment}
 * whose device has a stalled map in state {@code i} ({@code stalled[b][d] # "none"}) is the
 * stalled call returning: its sg_table (the spec's {@code DmaBufMapAttachmentResume}) or EINTR
 * ({@code DmaBufMapAttachmentInterrupted}). It then compares the outcome and ret, and each
 * variable the target observes ({@link Target#projection()}, {@code lastAction} excluded) with
 * state {@code i + 1}, {@linkplain ValueNormalizer normalized}. The first disagreement ends the
 * trace with a {@link Mismatch}; so does an exception from the target (a call the target refuses).
 *
 * <p>A step the target cannot make ({@link Outcome#unsupported}, or a fault it cannot inject) is
 * skipped and counted with its reason; the trace goes on only if the target's state still agrees
 * with the spec's, otherwise its remaining steps are counted as skipped too.
 */
public final class Replayer {

  /** Opens a fresh target for a trace (its model config names the target's world). */
  @FunctionalInterface
  public interface TargetFactory {
    Target open(Trace trace);
  }

  /** The reason counted for steps left after an unsupported step changed the state. */
  public static final String DIVERGED = "after an unsupported step the target's state differs";

  private final TargetFactory targets;

  public Replayer(TargetFactory targets) {
    this.targets = Objects.requireNonNull(targets, "targets");
  }

  /** Replays {@code trace} (named {@code name} in reports) on a fresh target, then closes it. */
  public TraceResult replay(String name, Trace trace) {
    try (Target target = targets.open(trace)) {
      return replay(name, trace, target);
    }
  }

  /** Replays {@code trace} on {@code target}, which must be in the trace's initial state. */
  public static TraceResult replay(String name, Trace trace, Target target) {
    List<Step> steps = trace.steps();
    int n = steps.size();
    Map<String, Integer> skipped = new HashMap<>();
    int replayed = 0;
    for (int i = 0; i < n; i++) {
      Step step = steps.get(i);
      ActionCall call = step.call();
      String expected = Calls.outcome(call.outcome(), call.ret());
      Outcome actual;
      try {
        actual = perform(target, call, step.before());
      } catch (RuntimeException e) {
        return new TraceResult(name, n, replayed, skipped, new Mismatch(name, i + 1, call, expected,
            "the target threw " + e.getClass().getSimpleName() + ": " + e.getMessage(), List.of()));
      }
      List<Mismatch.VariableMismatch> diffs = compare(target.projection(), step.after());
      if (actual.isUnsupported()) {
        skipped.merge(actual.unsupportedReason(), 1, Integer::sum);
        if (!diffs.isEmpty()) {
          skipped.merge(DIVERGED, n - i - 1, Integer::sum);
          return new TraceResult(name, n, replayed, skipped, null);
        }
        continue;
      }
      String got = Calls.outcome(actual.outcome(), actual.ret());
      if (!got.equals(expected) || !diffs.isEmpty()) {
        return new TraceResult(name, n, replayed, skipped,
            new Mismatch(name, i + 1, call, expected, got, diffs));
      }
      replayed++;
    }
    return new TraceResult(name, n, replayed, skipped, null);
  }

  /** The variables of {@code projection} (but {@code lastAction}) that differ from {@code state}. */
  static List<Mismatch.VariableMismatch> compare(Map<String, Value> projection,
      Map<String, Value> state) {
    List<Mismatch.VariableMismatch> out = null;
    for (Map.Entry<String, Value> e : projection.entrySet()) {
      String var = e.getKey();
      Value expected = state.get(var);
      if (var.equals(ActionCall.VARIABLE) || expected == null
          || ValueNormalizer.equivalent(expected, e.getValue())) {
        continue;
      }
      if (out == null) {
        out = new ArrayList<>();
      }
      out.add(new Mismatch.VariableMismatch(var, expected, e.getValue(),
          ValueDiff.diff(var, expected, e.getValue())));
    }
    return out == null ? List.of() : out;
  }

  /**
   * Makes the call of one step on the target, arming the spec's fault first; unsupported when the
   * target cannot inject it. Shared by every replayer (the kernel's {@code TraceReplay} too).
   */
  public static Outcome perform(Target t, ActionCall call, Map<String, Value> before) {
    List<Value> a = call.args();
    String outcome = call.outcome();
    String action = call.name();
    if (isInjected(action, outcome) && !(action.equals("DmaBufMapAttachment")
        && stalled(before, str(a, 1), str(a, 0)))) {
      if (!t.armFault(action, outcome)) {
        return Outcome.unsupported("cannot inject " + outcome + " into " + action);
      }
    }
    return switch (action) {
      case "Done" -> Outcome.of("ok");
      case "DmaBufExport" -> t.dmaBufExport(str(a, 0));
      case "DmaBufFd" -> t.dmaBufFd(str(a, 0), str(a, 1), bool(a, 2));
      case "DmaBufGet" -> t.dmaBufGet(str(a, 0), str(a, 1), integer(a, 2));
      case "DmaBufAttach" -> t.dmaBufAttach(str(a, 0), str(a, 1));
      case "DmaBufMapAttachment" -> {
        String d = str(a, 0);
        String b = str(a, 1);
        if (stalled(before, b, d) && outcome.equals("sg_table")) {
          yield t.dmaBufMapAttachmentResume(d, b);
        }
        if (stalled(before, b, d) && outcome.equals("EINTR")) {
          yield t.dmaBufMapAttachmentInterrupted(d, b);
        }
        yield t.dmaBufMapAttachment(d, b, str(a, 2));
      }
      case "DmaBufUnmapAttachment" -> t.dmaBufUnmapAttachment(str(a, 0), str(a, 1));
      case "DmaBufDetach" -> t.dmaBufDetach(str(a, 0), str(a, 1));
      case "DmaBufPut" -> t.dmaBufPut(str(a, 0), str(a, 1));
      case "DmaBufRelease" -> t.dmaBufRelease(str(a, 0));
      case "ExporterMigrate" -> t.exporterMigrate(str(a, 0));
      case "DmaBufBeginCpuAccess" ->
          t.dmaBufBeginCpuAccess(str(a, 0), integer(a, 1), integer(a, 2), str(a, 3));
      case "DmaBufEndCpuAccess" ->
          t.dmaBufEndCpuAccess(str(a, 0), integer(a, 1), integer(a, 2), str(a, 3));
      case "DmaBufKmap" -> t.dmaBufKmap(str(a, 0), integer(a, 1));
      case "DmaBufKunmap" -> t.dmaBufKunmap(str(a, 0), integer(a, 1));
      case "DmaBufKmapAtomic" -> t.dmaBufKmapAtomic(str(a, 0), str(a, 1), integer(a, 2));
      case "DmaBufKunmapAtomic" -> t.dmaBufKunmapAtomic(str(a, 0), str(a, 1), integer(a, 2));
      case "DmaBufVmap" -> t.dmaBufVmap(str(a, 0));
      case "DmaBufVunmap" -> t.dmaBufVunmap(str(a, 0));
      case "FdDup" -> t.fdDup(str(a, 0), integer(a, 1));
      case "FdClose" -> t.fdClose(str(a, 0), integer(a, 1));
      case "FdSend" -> t.fdSend(str(a, 0), str(a, 1), integer(a, 2));
      case "ProcessExec" -> t.processExec(str(a, 0));
      case "DmaBufMmap" -> t.dmaBufMmap(str(a, 0), integer(a, 1), integer(a, 2), integer(a, 3));
      case "Munmap" -> t.munmap(str(a, 0), str(a, 1));
      case "DmaBufLlseek" -> t.dmaBufLlseek(str(a, 0), integer(a, 1), lng(a, 2), str(a, 3));
      case "DmaBufIoctlSync" -> t.dmaBufIoctlSync(str(a, 0), integer(a, 1), lng(a, 2));
      case "DmaBufSetName" -> t.dmaBufSetName(str(a, 0), integer(a, 1), str(a, 2));
      default -> Outcome.unsupported("the replayer knows no action " + action);
    };
  }

  /** The faults the spec injects (under {@code Faults}) rather than a caller's mistake. */
  static boolean isInjected(String action, String outcome) {
    return switch (action) {
      case "DmaBufExport", "DmaBufBeginCpuAccess", "DmaBufVmap" -> outcome.equals("ENOMEM");
      case "DmaBufMapAttachment" -> outcome.equals("EINTR");
      default -> false;
    };
  }

  /** {@code stalled[b][d] # "none"} in {@code state}. */
  static boolean stalled(Map<String, Value> state, String b, String d) {
    Value s = state.get("stalled");
    if (s == null) {
      return false;
    }
    Value dir = ValueNormalizer.at(s, b, d);
    return dir != null && !(dir instanceof Value.Str str && str.value().equals("none"));
  }

  private static String str(List<Value> a, int i) {
    Value v = arg(a, i);
    if (v instanceof Value.Str s) {
      return s.value();
    }
    if (v instanceof Value.ModelValue m) {
      return m.name();
    }
    throw new IllegalArgumentException("argument " + (i + 1) + " is not a name: " + v);
  }

  private static int integer(List<Value> a, int i) {
    return Math.toIntExact(lng(a, i));
  }

  private static long lng(List<Value> a, int i) {
    if (arg(a, i) instanceof Value.Int n) {
      return n.longValue();
    }
    throw new IllegalArgumentException("argument " + (i + 1) + " is not an integer: " + arg(a, i));
  }

  private static boolean bool(List<Value> a, int i) {
    if (arg(a, i) instanceof Value.Bool b) {
      return b.value();
    }
    throw new IllegalArgumentException("argument " + (i + 1) + " is not a Boolean: " + arg(a, i));
  }

  private static Value arg(List<Value> a, int i) {
    if (i >= a.size()) {
      throw new IllegalArgumentException("the call has " + a.size() + " arguments, not " + (i + 1));
    }
    return a.get(i);
  }
}
