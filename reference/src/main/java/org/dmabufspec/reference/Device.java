package org.dmabufspec.reference;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * An importing device ({@code struct device} of a buffer-user) and its DMA constraints: the
 * storage kinds it can reach (the spec's {@code Accepts[d]}).
 *
 * @param name the spec's device name, e.g. {@code "d1"}
 * @param accepts the storage kinds this device can DMA to and from
 */
public record Device(String name, Set<StorageKind> accepts) {
  public Device {
    Objects.requireNonNull(name, "name");
    accepts = accepts.isEmpty()
        ? Collections.unmodifiableSet(EnumSet.noneOf(StorageKind.class))
        : Collections.unmodifiableSet(EnumSet.copyOf(accepts));
  }

  /** A device accepting the given kinds. */
  public static Device of(String name, StorageKind... accepts) {
    return new Device(name, Set.of(accepts));
  }

  /** True when this device can reach storage of kind {@code kind}. */
  public boolean accepts(StorageKind kind) {
    return accepts.contains(kind);
  }

  @Override
  public String toString() {
    return name;
  }
}
