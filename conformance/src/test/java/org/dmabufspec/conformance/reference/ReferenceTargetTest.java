package org.dmabufspec.conformance.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dmabufspec.conformance.replay.ValueNormalizer;
import org.dmabufspec.conformance.target.Outcome;
import org.dmabufspec.reference.Config;
import org.dmabufspec.reference.Device;
import org.dmabufspec.reference.ExporterPolicy;
import org.dmabufspec.reference.KernelProfile;
import org.dmabufspec.reference.NotEnabledException;
import org.dmabufspec.reference.StorageKind;
import org.dmabufspec.spec.tlc.TlaValueParser;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.spec.value.Values;
import org.junit.jupiter.api.Test;

class ReferenceTargetTest {

  /** One buffer, d1 (any storage) and d2 (contiguous only): d2 after d1's map forces a migration. */
  private static final Config MIGRATING = new Config(List.of("b1"),
      List.of(Device.of("d1", StorageKind.SYSTEM, StorageKind.CONTIGUOUS),
          Device.of("d2", StorageKind.CONTIGUOUS)),
      "exp", List.of("p1"), List.of("c1"), List.of(StorageKind.SYSTEM, StorageKind.CONTIGUOUS), 1,
      4096, 1, KernelProfile.SEED, ExporterPolicy.GUIDE);

  @Test
  void theInitialProjectionIsTheInitStateAsTlcPrintsIt() {
    // Init of MCDmaBuf.cfg as TLC prints it: buffers, processes and contexts are model values.
    Map<String, Value> tlc = TlaValueParser.parseState("""
        /\\ bufState = (b1 :> "unexported" @@ b2 :> "unexported")
        /\\ refcount = (b1 :> 0 @@ b2 :> 0)
        /\\ drvRefs = ( b1 :> [d1 |-> 0, d2 |-> 0, d3 |-> 0, exp |-> 0] @@
          b2 :> [d1 |-> 0, d2 |-> 0, d3 |-> 0, exp |-> 0] )
        /\\ attached = (b1 :> {} @@ b2 :> {})
        /\\ mapped = ( b1 :> [d1 |-> "none", d2 |-> "none", d3 |-> "none"] @@
          b2 :> [d1 |-> "none", d2 |-> "none", d3 |-> "none"] )
        /\\ stalled = ( b1 :> [d1 |-> "none", d2 |-> "none", d3 |-> "none"] @@
          b2 :> [d1 |-> "none", d2 |-> "none", d3 |-> "none"] )
        /\\ storage = (b1 :> "none" @@ b2 :> "none")
        /\\ everMapped = (b1 :> FALSE @@ b2 :> FALSE)
        /\\ releases = (b1 :> 0 @@ b2 :> 0)
        /\\ cpuWindow = ( b1 :> [start |-> 0, len |-> 0, dir |-> "none"] @@
          b2 :> [start |-> 0, len |-> 0, dir |-> "none"] )
        /\\ kmapped = (b1 :> {} @@ b2 :> {})
        /\\ atomics = (c1 :> {} @@ c2 :> {})
        /\\ vmapCount = (b1 :> 0 @@ b2 :> 0)
        /\\ exporterVmaps = (b1 :> 0 @@ b2 :> 0)
        /\\ name = (b1 :> "" @@ b2 :> "")
        /\\ fds = ( p1 :> (3 :> [buf |-> "none", cloexec |-> FALSE] @@ 4 :> [buf |-> "none", cloexec |-> FALSE]) @@
          p2 :> (3 :> [buf |-> "none", cloexec |-> FALSE] @@ 4 :> [buf |-> "none", cloexec |-> FALSE]) )
        /\\ mmaps = (p1 :> (b1 :> <<>> @@ b2 :> <<>>) @@ p2 :> (b1 :> <<>> @@ b2 :> <<>>))
        /\\ granted = (p1 :> {} @@ p2 :> {})
        /\\ lastAction = [name |-> "Init", args |-> <<>>, outcome |-> "ok", ret |-> 0]
        """);
    try (ReferenceTarget t = new ReferenceTarget(Config.ciModel())) {
      Map<String, Value> p = t.projection();
      assertFalse(p.containsKey("lastAction"));
      assertEquals(tlc.size() - 1, p.size());
      p.forEach((var, v) -> assertTrue(ValueNormalizer.equivalent(tlc.get(var), v),
          () -> var + ": TLC " + tlc.get(var) + ", reference " + v));
    }
  }

  @Test
  void theProjectionUsesTlcsShapes() {
    try (ReferenceTarget t = new ReferenceTarget(MIGRATING)) {
      t.dmaBufExport("b1");
      assertEquals(Outcome.of("fd", 3), t.dmaBufFd("p1", "b1", true));
      Map<String, Value> p = t.projection();
      assertEquals(TlaValueParser.parseValue("[p1 |-> (3 :> [buf |-> \"b1\", cloexec |-> TRUE])]"),
          p.get("fds"));
      assertEquals(TlaValueParser.parseValue("[p1 |-> [b1 |-> <<>>]]"), p.get("mmaps"));
      assertEquals(TlaValueParser.parseValue("[c1 |-> {}]"), p.get("atomics"));
      assertEquals(TlaValueParser.parseValue("[b1 |-> 1]"), p.get("refcount"));
    }
  }

  /** Export, an fd, both importers take a reference, d1 attaches and maps, d2 attaches. */
  private static void migrationPending(ReferenceTarget t) {
    assertEquals(Outcome.of("ok"), t.dmaBufExport("b1"));
    assertEquals(Outcome.of("fd", 3), t.dmaBufFd("p1", "b1", false));
    assertEquals(Outcome.of("ok"), t.dmaBufGet("d1", "p1", 3));
    assertEquals(Outcome.of("ok"), t.dmaBufGet("d2", "p1", 3));
    assertEquals(Outcome.of("attachment"), t.dmaBufAttach("d1", "b1"));
    assertEquals(Outcome.of("sg_table"), t.dmaBufMapAttachment("d1", "b1", "DMA_BIDIRECTIONAL"));
    assertEquals(Outcome.of("attachment"), t.dmaBufAttach("d2", "b1"));
  }

  @Test
  void aStalledMapWaitsForTheResumeStep() {
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      try (ReferenceTarget t = new ReferenceTarget(MIGRATING)) {
        migrationPending(t);
        assertEquals(Outcome.of("stalled"), t.dmaBufMapAttachment("d2", "b1", "DMA_TO_DEVICE"));
        assertEquals(Values.str("DMA_TO_DEVICE"), ValueNormalizer.at(t.projection().get("stalled"), "b1", "d2"));
        assertThrows(NotEnabledException.class, () -> t.exporterMigrate("b1"), "d1 still maps b1");
        assertEquals(Outcome.of("ok"), t.dmaBufUnmapAttachment("d1", "b1"));
        assertEquals(Values.str("sys"), ValueNormalizer.at(t.projection().get("storage"), "b1"),
            "STEPPED: no migration until the step");
        assertEquals(Outcome.of("ok"), t.exporterMigrate("b1"));
        assertEquals(Values.str("DMA_TO_DEVICE"), ValueNormalizer.at(t.projection().get("stalled"), "b1", "d2"),
            "STEPPED: the stalled map returns only on its own step");
        assertEquals(Outcome.of("sg_table"), t.dmaBufMapAttachmentResume("d2", "b1"));
        Value p = t.projection().get("mapped");
        assertEquals(Values.str("DMA_TO_DEVICE"), ValueNormalizer.at(p, "b1", "d2"));
        assertEquals(Values.str("contig"), ValueNormalizer.at(t.projection().get("storage"), "b1"));
      }
    });
  }

  @Test
  void aSignalInterruptsTheStalledMap() {
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      try (ReferenceTarget t = new ReferenceTarget(MIGRATING)) {
        migrationPending(t);
        assertEquals(Outcome.of("stalled"), t.dmaBufMapAttachment("d2", "b1", "DMA_TO_DEVICE"));
        assertEquals(Outcome.of("EINTR"), t.dmaBufMapAttachmentInterrupted("d2", "b1"));
        assertEquals(Values.str("none"), ValueNormalizer.at(t.projection().get("stalled"), "b1", "d2"));
        assertThrows(IllegalStateException.class, () -> t.dmaBufMapAttachmentResume("d2", "b1"));
      }
    });
  }

  @Test
  void closingInterruptsAMapStillStalled() {
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      ReferenceTarget t = new ReferenceTarget(MIGRATING);
      migrationPending(t);
      assertEquals(Outcome.of("stalled"), t.dmaBufMapAttachment("d2", "b1", "DMA_TO_DEVICE"));
      t.close();
      assertEquals(Values.str("none"), ValueNormalizer.at(t.projection().get("stalled"), "b1", "d2"));
    });
  }

  @Test
  void anArmedFaultFailsTheNextCallOnly() {
    try (ReferenceTarget t = new ReferenceTarget(MIGRATING)) {
      assertTrue(t.armFault("DmaBufExport", "ENOMEM"));
      assertEquals(Outcome.of("ENOMEM"), t.dmaBufExport("b1"));
      assertEquals(Outcome.of("ok"), t.dmaBufExport("b1"));
      t.dmaBufFd("p1", "b1", false);
      t.dmaBufGet("d1", "p1", 3);
      t.dmaBufAttach("d1", "b1");
      assertTrue(t.armFault("DmaBufVmap", "ENOMEM"));
      assertEquals(Outcome.of("ENOMEM"), t.dmaBufVmap("b1"));
      assertTrue(t.armFault("DmaBufMapAttachment", "EINTR"));
      assertEquals(Outcome.of("EINTR"), t.dmaBufMapAttachment("d1", "b1", "DMA_BIDIRECTIONAL"));
      assertEquals(Outcome.of("sg_table"), t.dmaBufMapAttachment("d1", "b1", "DMA_BIDIRECTIONAL"));
      // armed, but the call fails earlier for another reason: the fault does not outlive it
      assertTrue(t.armFault("DmaBufBeginCpuAccess", "ENOMEM"));
      assertEquals(Outcome.of("EINVAL"), t.dmaBufBeginCpuAccess("b1", 0, 2, "DMA_BIDIRECTIONAL"));
      assertEquals(Outcome.of("ok"), t.dmaBufBeginCpuAccess("b1", 0, 1, "DMA_BIDIRECTIONAL"));
      assertFalse(t.armFault("DmaBufFd", "ENOMEM"), "a fault the spec never injects");
      assertFalse(Thread.currentThread().isInterrupted());
    }
  }

  @Test
  void theTargetIsBuiltFromAModelConfig() {
    try (ReferenceTarget t = ReferenceTarget.forModel("MCDmaBufTraceModern.cfg")) {
      assertEquals("modern", t.profile());
      assertEquals("reference", t.name());
      assertEquals(Outcome.of("ok"), t.dmaBufExport("b1"));
    }
    try (ReferenceTarget t = ReferenceTarget.forModel("MCDmaBufTrace.cfg",
        org.dmabufspec.reference.Defect.EXEC_KEEPS_CLOEXEC)) {
      assertEquals("seed", t.profile());
      assertTrue(t.name().contains("EXEC_KEEPS_CLOEXEC"));
    }
  }
}
