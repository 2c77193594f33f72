package org.dmabufspec.conformance.review;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dmabuf review POLICY}: model-checks an exporter design and prints each property that
 * holds and, for each that fails, the shortest counterexample as numbered kernel calls; writes
 * the same as a self-contained HTML report with sequence diagrams.
 *
 * <p>Exit code: 0 if every property holds, 1 if one fails, 2 if the review could not run.
 */
@Command(name = "review", mixinStandardHelpOptions = true,
    description = {"Review an exporter design: model-check the spec under the policy's choices.",
        "POLICY is a properties file: alloc=at_export|at_first_map, migration=migrate|refuse,",
        "vmap=true|false, profile=pre312|seed|v5|modern, optional bugs=Toggle,... and faults=true."})
public class ReviewCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "POLICY", description = "the policy file (.properties)")
  Path policyFile;

  @Option(names = "--html", paramLabel = "FILE",
      description = "where to write the HTML report (default: <policy>-review.html in the current directory)")
  Path html;

  @Option(names = "--no-html", description = "do not write the HTML report")
  boolean noHtml;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "180",
      description = "limit for each TLC run (default: ${DEFAULT-VALUE})")
  long timeoutSeconds;

  @Option(names = {"-v", "--verbose"}, description = "print one line per TLC run")
  boolean verbose;

  public ReviewCommand() {}

  @Override
  public Integer call() {
    PrintWriter out = spec != null ? spec.commandLine().getOut() : new PrintWriter(System.out, true);
    PrintWriter err = spec != null ? spec.commandLine().getErr() : new PrintWriter(System.err, true);
    try {
      Policy policy = Policy.load(policyFile);
      Review review = new Review(Duration.ofSeconds(timeoutSeconds), line -> {
        if (verbose) {
          err.println(line);
          err.flush();
        }
      });
      ReviewResult result = review.review(policy);
      out.print(result.text());
      if (!noHtml) {
        Path file = html != null ? html : Path.of(policy.name() + "-review.html");
        HtmlReport.write(file, HtmlReport.review(result));
        out.println("HTML report: " + file.toAbsolutePath());
      }
      out.flush();
      return result.allHold() ? 0 : 1;
    } catch (IllegalArgumentException e) {
      err.println("dmabuf review: " + e.getMessage());
      err.flush();
      return 2;
    } catch (Exception e) {
      err.println("dmabuf review: " + e);
      err.flush();
      return 2;
    }
  }
}
