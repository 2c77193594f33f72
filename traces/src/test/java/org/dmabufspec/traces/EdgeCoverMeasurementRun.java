package org.dmabufspec.traces;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs {@link EdgeCoverMeasurement} inside the build when asked for:
 * {@code mvn -pl spec,traces -am verify -Dtraces.measure=true} (prints to the surefire output).
 * It asserts nothing about time; the generator tests check correctness.
 */
class EdgeCoverMeasurementRun {
  @Test
  @EnabledIfSystemProperty(named = "traces.measure", matches = "true")
  void printGenerationTimesOnMillionEdgeGraphs() {
    EdgeCoverMeasurement.main(new String[] {"1"});
  }
}
