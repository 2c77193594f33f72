package org.dmabufspec.conformance.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Expectations checked one after another, grouped in sections, collected into a
 * {@link ProbeReport}: a failing call is recorded with its errno and the call as the kernel saw
 * it, and a section that throws is recorded as ended early instead of ending the run.
 */
final class Checks {
    /** A call that may fail with a {@link KernelCallException}. */
    interface Call<T> {
        T call();
    }

    private final List<ProbeReport.Check> checks = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private String section = "";

    void section(String name, Runnable body) {
        section = name;
        try {
            body.run();
        } catch (RuntimeException e) {
            record("section ended early", "to run to the end", e.toString(),
                    e instanceof KernelCallException kce ? kce.call() : null, false);
        }
    }

    void skip(String what) {
        skipped.add(what);
    }

    <T> T ok(String name, Call<T> op) {
        return expect(name, op, v -> true, "success");
    }

    <T> T expectValue(String name, Call<T> op, T expected) {
        return expect(name, op, v -> Objects.equals(v, expected), String.valueOf(expected));
    }

    <T> T expect(String name, Call<T> op, Predicate<T> matches, String expected) {
        try {
            T value = op.call();
            record(name, expected, String.valueOf(value), null, matches.test(value));
            return value;
        } catch (KernelCallException e) {
            record(name, expected, KernelErrno.describe(e.errnoNumber()), e.call(), false);
            return null;
        }
    }

    void fails(String name, KernelErrno errno, Call<?> op) {
        try {
            Object value = op.call();
            record(name, errno.name(), "success (" + value + ")", null, false);
        } catch (KernelCallException e) {
            record(name, errno.name(), KernelErrno.describe(e.errnoNumber()), e.call(), e.is(errno));
        }
    }

    void that(String name, Object expected, Object actual) {
        record(name, String.valueOf(expected), String.valueOf(actual), null, Objects.equals(expected, actual));
    }

    void record(String name, String expected, String actual, String call, boolean matched) {
        checks.add(new ProbeReport.Check(section, name, expected, actual, call, matched));
    }

    ProbeReport report(Map<String, String> devices) {
        int passed = (int) checks.stream().filter(ProbeReport.Check::matched).count();
        int failed = checks.size() - passed;
        return new ProbeReport(KernelProfileDetector.kernelRelease(), Map.copyOf(devices), List.copyOf(checks),
                List.copyOf(skipped), passed, failed, failed == 0 && passed > 0, Map.of());
    }

    static String done(Runnable r) {
        r.run();
        return "ok";
    }
}
