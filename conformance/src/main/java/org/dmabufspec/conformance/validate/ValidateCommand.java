package org.dmabufspec.conformance.validate;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dmabufspec.reference.Config;
import org.dmabufspec.reference.ExporterPolicy;
import org.dmabufspec.reference.KernelProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dmabuf validate LOG [--config ci|ci-refuse] [--profile P] [--pages N] [--fds N]}:
 * checks an NDJSON log with TLC against the spec and prints ACCEPTED, or the first event no
 * behaviour of the spec matches, why, and the spec's state before it. Exit code 0 when
 * accepted, 1 when rejected, 2 when TLC could not check the log.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check an NDJSON log recorded from an implementation against the TLA+ spec (TLC).")
public final class ValidateCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "LOG", description = "the NDJSON log, one call per line")
  Path log;

  @Option(names = "--config", defaultValue = "ci",
      description = "model constants the log was recorded with: ci (spec/MCDmaBuf.cfg's entities) "
          + "or ci-refuse (MCDmaBufRefuse.cfg's); default ${DEFAULT-VALUE}")
  String config;

  @Option(names = "--profile", description = "kernel profile: pre312, seed, v5, modern")
  String profile;

  @Option(names = "--pages", description = "NPages: buffer size in pages")
  Integer pages;

  @Option(names = "--fds", description = "MaxFds: fd slots per process")
  Integer fds;

  @Option(names = "--buffers", description = "number of buffers b1..bN (default: the config's)")
  Integer buffers;

  @Option(names = "--policy", description = "exporter policy as ALLOC,MIGRATION,VMAP, e.g. "
      + "at_first_map,migrate,true")
  String policy;

  public ValidateCommand() {}

  /** The {@link Config} the options describe. */
  public Config toConfig() {
    Config c = switch (config) {
      case "ci" -> Config.ciModel();
      case "ci-refuse" -> Config.ciRefuseModel();
      default -> throw new IllegalArgumentException("unknown --config " + config
          + ": ci or ci-refuse");
    };
    if (profile != null) {
      c = c.withProfile(KernelProfile.fromSpec(profile));
    }
    if (pages != null) {
      c = c.withNPages(pages);
    }
    if (fds != null) {
      c = c.withMaxFds(fds);
    }
    if (policy != null) {
      String[] p = policy.split(",");
      if (p.length != 3) {
        throw new IllegalArgumentException("--policy needs ALLOC,MIGRATION,VMAP: " + policy);
      }
      c = c.withPolicy(ExporterPolicy.of(p[0].strip(), p[1].strip(), Boolean.parseBoolean(p[2].strip())));
    }
    if (buffers != null) {
      java.util.List<String> bs = new java.util.ArrayList<>();
      for (int i = 1; i <= buffers; i++) {
        bs.add("b" + i);
      }
      c = new Config(bs, c.devices(), c.exporter(), c.procs(), c.contexts(), c.storages(),
          c.nPages(), c.pageSize(), c.maxFds(), c.profile(), c.policy());
    }
    return c;
  }

  @Override
  public Integer call() throws Exception {
    ValidationResult r;
    try {
      r = new LogValidator().validate(log, toConfig());
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    System.out.println(r.report());
    return r.accepted() ? 0 : 1;
  }
}
