package org.dmabufspec.conformance.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmabufspec.reference.Config;
import org.dmabufspec.reference.Device;
import org.dmabufspec.reference.KernelProfile;
import org.dmabufspec.reference.StorageKind;
import org.dmabufspec.spec.value.Values;
import org.junit.jupiter.api.Test;

class ModelConstantsTest {

  @Test
  void theCiModelReadsAsTheReferencesPreset() {
    // MCDmaBuf.cfg names its buffers, processes and contexts with model values b1, p1, c1 ...
    assertEquals(Config.ciModel(), ModelConstants.fromClasspath("MCDmaBuf.cfg").toConfig());
    assertEquals(Config.ciRefuseModel(), ModelConstants.fromClasspath("MCDmaBufRefuse.cfg").toConfig());
  }

  @Test
  void theTraceModelsGiveTheirProfilesAndWorlds() {
    Config seed = ModelConstants.fromClasspath("MCDmaBufTrace.cfg").toConfig();
    Config modern = ModelConstants.fromClasspath("MCDmaBufTraceModern.cfg").toConfig();
    assertEquals(KernelProfile.SEED, seed.profile());
    assertEquals(KernelProfile.MODERN, modern.profile());
    for (Config c : List.of(seed, modern)) {
      assertEquals(List.of("b1"), c.buffers());
      assertEquals("exp", c.exporter());
      assertEquals(List.of(StorageKind.SYSTEM, StorageKind.CONTIGUOUS), c.storages());
      assertTrue(c.devices().contains(Device.of("d1", StorageKind.SYSTEM, StorageKind.CONTIGUOUS)));
      assertTrue(c.defects().isEmpty());
    }
  }

  @Test
  void definitionsAndLiteralsAreParsed() {
    String module = """
        ---- MODULE M ----
        (* a comment with == inside *)
        MCBufs == {"b1", "b2"}  \\* trailing comment
        MCAccepts == "d1" :> {"sys"} @@
                     "d2" :> {"sys", "contig"}
        Held(b) == b + 1
        ====
        """;
    String cfg = """
        \\* a model
        CONSTANTS
            Buffers <- MCBufs
            Accepts <- MCAccepts
            NPages = 2
            Exporter = "exp"
            Flag = TRUE
            p1 = p1
        INIT Init
        """;
    ModelConstants m = ModelConstants.parse("T.cfg", cfg, module);
    assertEquals(Values.set(Values.str("b1"), Values.str("b2")), m.get("Buffers"));
    assertEquals(Values.set(Values.str("sys"), Values.str("contig")),
        m.get("Accepts") instanceof org.dmabufspec.spec.value.Value.Record r ? r.get("d2") : null);
    assertEquals(Values.num(2), m.get("NPages"));
    assertEquals(Values.bool(true), m.get("Flag"));
    assertEquals(Values.str("p1"), m.get("p1"), "a model value reads as its name");
    assertThrows(IllegalArgumentException.class, () -> m.get("Procs"));
  }

  @Test
  void aModelWithBugTogglesOrUnknownDefinitionsIsRefused() throws Exception {
    String module = "MCBufs == {\"b1\"}\n";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelConstants.parse("T.cfg", "CONSTANTS\n Buffers <- MCNothing\n", module));
    assertTrue(e.getMessage().contains("MCNothing"), e::getMessage);
    String cfg = resource("tla/MCDmaBufTrace.cfg").replaceFirst("Bugs\\s*=\\s*\\{\\}",
        "Bugs = {\"ReleaseEarly\"}");
    ModelConstants buggy = ModelConstants.parse("Buggy.cfg", cfg, resource("tla/MCDmaBuf.tla"));
    e = assertThrows(IllegalArgumentException.class, buggy::toConfig);
    assertTrue(e.getMessage().contains("bug toggles"), e::getMessage);
  }

  private static String resource(String name) throws java.io.IOException {
    try (var in = ModelConstantsTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
