package org.dmabufspec.conformance.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyTest {

  @Test
  void parsesAllKeys() {
    Policy p = Policy.parse("x", "alloc=at_export\nmigration=refuse\nvmap=false\nprofile=modern\n"
        + "bugs=MigrateWhileMapped, MapIgnoresMigration\nfaults=true\n");
    assertEquals("at_export", p.alloc());
    assertEquals("refuse", p.migration());
    assertEquals(false, p.vmap());
    assertEquals("modern", p.profile());
    assertEquals(Set.of("MigrateWhileMapped", "MapIgnoresMigration"), p.bugs());
    assertTrue(p.faults());
  }

  @Test
  void rejectsUnknownKeysAndValues() {
    assertThrows(IllegalArgumentException.class, () -> Policy.parse("x", "alloc=never"));
    assertThrows(IllegalArgumentException.class, () -> Policy.parse("x", "colour=blue"));
    assertThrows(IllegalArgumentException.class, () -> Policy.parse("x", "vmap=yes"));
    assertThrows(IllegalArgumentException.class, () -> Policy.parse("x", "profile=v9"));
  }

  @Test
  void configCarriesTheChoices() {
    Policy p = Policy.parse("x", "alloc=at_export\nmigration=refuse\nvmap=false\nprofile=v5\nbugs=MapIgnoresMigration");
    String cfg = Review.config(p, List.of("TypeOK"), List.of("ReleaseProp"));
    assertTrue(cfg.contains("AllocPolicy = \"at_export\""));
    assertTrue(cfg.contains("MigrationPolicy = \"refuse\""));
    assertTrue(cfg.contains("VmapSupported = FALSE"));
    assertTrue(cfg.contains("Profile = \"v5\""));
    assertTrue(cfg.contains("Bugs = {\"MapIgnoresMigration\"}"));
    assertTrue(cfg.contains("INVARIANTS\n    TypeOK\n"));
    assertTrue(cfg.contains("PROPERTIES\n    ReleaseProp\n"));
  }
}
