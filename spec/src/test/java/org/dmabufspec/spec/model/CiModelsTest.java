package org.dmabufspec.spec.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.dmabufspec.spec.tlc.TlcOptions;
import org.dmabufspec.spec.tlc.TlcOutcome;
import org.dmabufspec.spec.tlc.TlcResult;
import org.dmabufspec.spec.tlc.TlcRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CI models hold every invariant and property, with deadlock checking on. */
class CiModelsTest {

  @ParameterizedTest
  @ValueSource(strings = {"MCDmaBuf.cfg", "MCDmaBufRefuse.cfg", "MCDmaBufLive.cfg"})
  void modelHolds(String cfg) throws Exception {
    TlcResult result = new TlcRunner().run(TlcOptions.builder("MCDmaBuf")
        .modelDir(ModelFiles.specDir()).config(cfg).workers(2)
        .timeout(Duration.ofMinutes(10)).build());
    assertEquals(TlcOutcome.SUCCESS, result.outcome(), () -> result.summary() + "\n"
        + result.rawOutput());
    assertTrue(result.distinctStates() > 1000,
        cfg + " explored only " + result.distinctStates() + " states");
    System.out.printf("%s: %d distinct states, %d edges, depth %d, %s%n", cfg,
        result.distinctStates(), result.edges(), result.searchDepth(), result.wallTime());
  }
}
