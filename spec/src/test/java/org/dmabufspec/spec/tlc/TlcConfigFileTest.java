package org.dmabufspec.spec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TlcConfigFileTest {

  @Test
  void propertyNames() {
    String cfg = String.join("\n",
        "\\* PROPERTY Commented",
        "CONSTANTS Buffers = {b1, b2}",
        "          Procs = {p1}",
        "SPECIFICATION Spec",
        "PROPERTY Liveness (* PROPERTY AlsoCommented *)",
        "INVARIANT TypeOK RefcountInv",
        "PROPERTIES",
        "  NoLeak",
        "  ReleaseOnce",
        "CHECK_DEADLOCK FALSE");
    assertEquals(List.of("Liveness", "NoLeak", "ReleaseOnce"), TlcConfigFile.propertyNames(cfg));
    assertEquals(List.of(), TlcConfigFile.propertyNames("INIT Init\nNEXT Next\n"));
  }
}
