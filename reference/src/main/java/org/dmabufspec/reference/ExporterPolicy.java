package org.dmabufspec.reference;

import java.util.Objects;

/**
 * The choices the guide leaves to an exporter (the spec's {@code AllocPolicy},
 * {@code MigrationPolicy} and {@code VmapSupported}).
 *
 * @param alloc when the backing storage is allocated
 * @param migration what the exporter does when a device attaches after a map
 * @param vmapSupported whether the exporter implements the vmap callback
 */
public record ExporterPolicy(Alloc alloc, Migration migration, boolean vmapSupported) {

  /** The guide's full exporter: deferred allocation, stall-and-migrate, vmap. */
  public static final ExporterPolicy GUIDE = new ExporterPolicy(Alloc.AT_FIRST_MAP, Migration.MIGRATE, true);

  public ExporterPolicy {
    Objects.requireNonNull(alloc, "alloc");
    Objects.requireNonNull(migration, "migration");
  }

  /** The policy with the spec's spellings, e.g. {@code of("at_first_map", "migrate", true)}. */
  public static ExporterPolicy of(String alloc, String migration, boolean vmapSupported) {
    return new ExporterPolicy(Alloc.fromSpec(alloc), Migration.fromSpec(migration), vmapSupported);
  }

  /** The spec's {@code AllocPolicy}. */
  public enum Alloc {
    /** Allocate the least strict storage at export, knowing no device. */
    AT_EXPORT("at_export"),
    /** Wait for the first map and collate the attached devices' constraints (guide step 3). */
    AT_FIRST_MAP("at_first_map");

    private final String spec;

    Alloc(String spec) {
      this.spec = spec;
    }

    /** The spec's spelling. */
    public String spec() {
      return spec;
    }

    /**
     * The policy spelled {@code spec}.
     *
     * @throws IllegalArgumentException for any other string
     */
    public static Alloc fromSpec(String spec) {
      for (Alloc a : values()) {
        if (a.spec.equals(spec)) {
          return a;
        }
      }
      throw new IllegalArgumentException("no alloc policy spelled '" + spec + "'");
    }
  }

  /** The spec's {@code MigrationPolicy}. */
  public enum Migration {
    /** Accept a stricter device after a map, stall maps and migrate ({@link GuideExporter}). */
    MIGRATE("migrate"),
    /** Refuse every attach after a map with EBUSY ({@link StrictExporter}). */
    REFUSE("refuse");

    private final String spec;

    Migration(String spec) {
      this.spec = spec;
    }

    /** The spec's spelling. */
    public String spec() {
      return spec;
    }

    /**
     * The policy spelled {@code spec}.
     *
     * @throws IllegalArgumentException for any other string
     */
    public static Migration fromSpec(String spec) {
      for (Migration m : values()) {
        if (m.spec.equals(spec)) {
          return m;
        }
      }
      throw new IllegalArgumentException("no migration policy spelled '" + spec + "'");
    }
  }
}
