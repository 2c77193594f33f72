package org.dmabufspec.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The finite world the reference runs in, mirroring the spec's constants: which buffer ids the
 * exporter may export, the importer devices and their constraints, the exporter's name as a
 * holder of references, the processes, the kernel contexts, the storage kinds in order of
 * preference, the buffer size, the fd table size, the kernel profile and the exporter's policy.
 *
 * <p>The model bounds {@code MaxRefs} and {@code MaxVmaps} are not here: the reference does not
 * bound references or vmaps. Neither are {@code Directions}, {@code Names} and
 * {@code SyncFlags}: every value is accepted.
 *
 * @param buffers {@code Buffers}, e.g. ["b1", "b2"]
 * @param devices {@code Devices} with {@code Accepts}
 * @param exporter {@code Exporter}, e.g. "exp": the exporter as a driver holding references
 * @param procs {@code Procs}
 * @param contexts {@code Contexts}
 * @param storages {@code Storages}: least strict first
 * @param nPages {@code NPages}: every buffer's size in pages
 * @param pageSize {@code PageSize} in bytes
 * @param maxFds {@code MaxFds}: fd slots per process, from 3
 * @param profile {@code Profile}
 * @param policy {@code AllocPolicy}, {@code MigrationPolicy}, {@code VmapSupported}
 * @param defects deliberate {@link Defect}s, empty but in the conformance harness's own tests
 */
public record Config(List<String> buffers, List<Device> devices, String exporter, List<String> procs,
    List<String> contexts, List<StorageKind> storages, int nPages, int pageSize, int maxFds,
    KernelProfile profile, ExporterPolicy policy, Set<Defect> defects) {

  /** A configuration without defects. */
  public Config(List<String> buffers, List<Device> devices, String exporter, List<String> procs,
      List<String> contexts, List<StorageKind> storages, int nPages, int pageSize, int maxFds,
      KernelProfile profile, ExporterPolicy policy) {
    this(buffers, devices, exporter, procs, contexts, storages, nPages, pageSize, maxFds, profile,
        policy, Set.of());
  }

  public Config {
    buffers = List.copyOf(buffers);
    devices = List.copyOf(devices);
    Objects.requireNonNull(exporter, "exporter");
    procs = List.copyOf(procs);
    contexts = List.copyOf(contexts);
    storages = List.copyOf(storages);
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(policy, "policy");
    defects = defects == null || defects.isEmpty() ? Set.of()
        : Collections.unmodifiableSet(EnumSet.copyOf(defects));
    unique("buffers", buffers);
    unique("procs", procs);
    unique("contexts", contexts);
    unique("storages", storages);
    List<String> drivers = new ArrayList<>();
    devices.forEach(d -> drivers.add(d.name()));
    drivers.add(exporter);
    unique("drivers (devices and the exporter)", drivers);
    for (Device d : devices) {
      if (!storages.containsAll(d.accepts())) {
        throw new IllegalArgumentException("device " + d.name() + " accepts " + d.accepts()
            + ", not all of them in storages " + storages);
      }
    }
    if (storages.isEmpty()) {
      throw new IllegalArgumentException("storages must not be empty");
    }
    if (nPages < 1 || pageSize < 1 || maxFds < 1) {
      throw new IllegalArgumentException("nPages, pageSize and maxFds must be at least 1: "
          + nPages + ", " + pageSize + ", " + maxFds);
    }
  }

  /**
   * The constants of {@code spec/MCDmaBuf.cfg}, the CI model: buffers b1 b2; devices d1 (sys,
   * contig), d2 (contig), d3 (sys); exporter "exp"; processes p1 p2; contexts c1 c2; storages sys
   * then contig; 1 page of 4096 bytes; 2 fds; the seed profile; the guide's exporter
   * (at_first_map, migrate, vmap). (The cfg's model values b1, p1, c1 ... are these names.)
   */
  public static Config ciModel() {
    return new Config(List.of("b1", "b2"),
        List.of(Device.of("d1", StorageKind.SYSTEM, StorageKind.CONTIGUOUS),
            Device.of("d2", StorageKind.CONTIGUOUS), Device.of("d3", StorageKind.SYSTEM)),
        "exp", List.of("p1", "p2"), List.of("c1", "c2"),
        List.of(StorageKind.SYSTEM, StorageKind.CONTIGUOUS), 1, 4096, 2, KernelProfile.SEED,
        ExporterPolicy.GUIDE);
  }

  /**
   * The constants of {@code spec/MCDmaBufRefuse.cfg}: as {@link #ciModel()} with storage allocated
   * at export, every attach after a map refused, no vmap, on a 5.x kernel.
   */
  public static Config ciRefuseModel() {
    return ciModel().withProfile(KernelProfile.V5)
        .withPolicy(ExporterPolicy.of("at_export", "refuse", false));
  }

  /** This configuration with another kernel profile. */
  public Config withProfile(KernelProfile profile) {
    return new Config(buffers, devices, exporter, procs, contexts, storages, nPages, pageSize,
        maxFds, profile, policy, defects);
  }

  /** This configuration with another exporter policy. */
  public Config withPolicy(ExporterPolicy policy) {
    return new Config(buffers, devices, exporter, procs, contexts, storages, nPages, pageSize,
        maxFds, profile, policy, defects);
  }

  /** This configuration with buffers of another size. */
  public Config withNPages(int nPages) {
    return new Config(buffers, devices, exporter, procs, contexts, storages, nPages, pageSize,
        maxFds, profile, policy, defects);
  }

  /** This configuration with another fd table size. */
  public Config withMaxFds(int maxFds) {
    return new Config(buffers, devices, exporter, procs, contexts, storages, nPages, pageSize,
        maxFds, profile, policy, defects);
  }

  /**
   * This configuration with deliberate defects (and no others): for the conformance harness's
   * tests that prove a replay catches them, never for anything else. See {@link Defect}.
   */
  public Config withDefects(Defect... defects) {
    return new Config(buffers, devices, exporter, procs, contexts, storages, nPages, pageSize,
        maxFds, profile, policy, defects.length == 0 ? Set.of() : EnumSet.copyOf(List.of(defects)));
  }

  /** True when {@code defect} is turned on. */
  public boolean has(Defect defect) {
    return defects.contains(defect);
  }

  /** The spec's {@code Drivers}: the devices, then the exporter. */
  public List<String> drivers() {
    List<String> out = new ArrayList<>();
    devices.forEach(d -> out.add(d.name()));
    out.add(exporter);
    return List.copyOf(out);
  }

  /** The device named {@code name}. */
  public Optional<Device> device(String name) {
    return devices.stream().filter(d -> d.name().equals(name)).findFirst();
  }

  /** The spec's {@code Size}: every buffer's size in bytes. */
  public long size() {
    return (long) nPages * pageSize;
  }

  /** The spec's {@code FdSlots}: 3..2+maxFds. */
  public List<Integer> fdSlots() {
    List<Integer> out = new ArrayList<>();
    for (int fd = FdTable.FIRST_FD; fd < FdTable.FIRST_FD + maxFds; fd++) {
      out.add(fd);
    }
    return List.copyOf(out);
  }

  private static void unique(String what, List<?> names) {
    Set<Object> seen = new HashSet<>();
    for (Object n : names) {
      Objects.requireNonNull(n, what);
      if (!seen.add(n)) {
        throw new IllegalArgumentException("duplicate in " + what + ": " + n);
      }
    }
  }
}
