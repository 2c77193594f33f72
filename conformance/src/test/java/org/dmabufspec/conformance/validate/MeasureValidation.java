package org.dmabufspec.conformance.validate;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dmabufspec.reference.Config;

/** Records a log of about N events (default 10,000) and times its validation. */
public final class MeasureValidation {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Config config = Recordings.model(Math.max(2, Math.min(40, n / 100)));
    Path log = Files.createTempFile("measure-", ".ndjson");
    Recordings.record(log, config, 42, threads, n, 10 * n);
    System.out.println("events: " + Recordings.size(log) + " in " + log);
    long t0 = System.nanoTime();
    ValidationResult r = new LogValidator().validate(log, config);
    System.out.println(r.report());
    System.out.printf("validation took %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }
}
