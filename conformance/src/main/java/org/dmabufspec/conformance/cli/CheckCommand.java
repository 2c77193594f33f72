package org.dmabufspec.conformance.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.dmabufspec.spec.tlc.TlcOutcome;
import org.dmabufspec.spec.tlc.TlcResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dmabuf check [--config X.cfg]}: model-checks one model of the spec. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Model-check the spec with TLC: prints states, edges, time and the verdict;",
        "on a violation, the counterexample as numbered kernel calls.",
        "Exit code: 0 every property holds, 1 a property is violated, 2 TLC could not check."})
public class CheckCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "X.cfg", defaultValue = "MCDmaBuf.cfg",
      description = "the model config in spec/ (default: ${DEFAULT-VALUE}); the bug models "
          + "MCDmaBuf_<Property>_bug.cfg use the module MCDmaBufBug")
  String config;

  @Option(names = "--module", paramLabel = "NAME",
      description = "the root module (default: MCDmaBufBug for MCDmaBuf_*_bug.cfg, else MCDmaBuf)")
  String module;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "give up after this long")
  Long timeoutSeconds;

  @Mixin
  Common common;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = common.out();
    TlcResult r = ModelCheck.run(config, module, common.specDir(), common.workers,
        timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds), out);
    if (r.outcome() == TlcOutcome.SUCCESS) {
      return 0;
    }
    if (r.outcome() == TlcOutcome.ERROR) {
      common.err().println("dmabuf check: TLC could not check " + config + " (see above)");
      return 2;
    }
    common.err().println("dmabuf check: " + config + " does not satisfy the spec's properties: the "
        + "numbered calls above lead to the violation.");
    return 1;
  }

  /** Options every subcommand shares. */
  public static class Common {
    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--spec-dir", paramLabel = "DIR",
        description = "read the TLA+ modules and configs from DIR (default: the ones packaged "
            + "with this build of spec/)")
    Path specDir;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
        description = "TLC worker threads (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--cache", paramLabel = "DIR",
        description = "keep TLC's state graphs of the trace models in DIR and reuse them while "
            + "the spec files are unchanged (default: run TLC every time)")
    Path cache;

    Path specDir() {
      return specDir;
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }
  }
}
