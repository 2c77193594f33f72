package org.dmabufspec.reference;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code struct dma_buf_attachment}: one device attached to one buffer, and what that device
 * currently has mapped (at most one sg_table in this model, as in the spec).
 *
 * <p>Mutable state is guarded by the buffer's lock.
 */
public final class DmaBufAttachment {
  private final DmaBuf dmabuf;
  private final Device device;
  private Object priv;
  private SgTable table;
  private DataDirection mapped;
  private Stall stall;

  DmaBufAttachment(DmaBuf dmabuf, Device device) {
    this.dmabuf = Objects.requireNonNull(dmabuf, "dmabuf");
    this.device = Objects.requireNonNull(device, "device");
  }

  /** The buffer ({@code attach->dmabuf}). */
  public DmaBuf dmabuf() {
    return dmabuf;
  }

  /** The attached device ({@code attach->dev}). */
  public Device device() {
    return device;
  }

  /** The exporter's private data for this attachment ({@code attach->priv}). */
  public Object priv() {
    return priv;
  }

  /** Sets the exporter's private data; for the exporter's attach callback. */
  public void setPriv(Object priv) {
    this.priv = priv;
  }

  /** The direction of the outstanding map, if the device has one (the spec's {@code mapped}). */
  public Optional<DataDirection> mapped() {
    dmabuf.lock.lock();
    try {
      return Optional.ofNullable(mapped);
    } finally {
      dmabuf.lock.unlock();
    }
  }

  /** The direction of a map call waiting on a migration (the spec's {@code stalled}). */
  public Optional<DataDirection> stalled() {
    dmabuf.lock.lock();
    try {
      return Optional.ofNullable(stall == null ? null : stall.dir);
    } finally {
      dmabuf.lock.unlock();
    }
  }

  // ---- kernel side, under dmabuf.lock ----

  DataDirection mappedDir() {
    return mapped;
  }

  SgTable table() {
    return table;
  }

  void setMapped(SgTable table, DataDirection dir) {
    this.table = table;
    this.mapped = dir;
  }

  void clearMapped() {
    this.table = null;
    this.mapped = null;
  }

  Stall stall() {
    return stall;
  }

  void setStall(Stall stall) {
    this.stall = stall;
  }

  @Override
  public String toString() {
    return "DmaBufAttachment(" + dmabuf.id() + ", " + device.name() + ")";
  }

  /**
   * A dma_buf_map_attachment call waiting on the buffer's wait queue for a migration: the
   * direction it asked for, the caller's thread name, and the result once someone completed it.
   */
  static final class Stall {
    final DataDirection dir;
    final String thread;
    Result<SgTable> result;

    Stall(DataDirection dir, String thread) {
      this.dir = dir;
      this.thread = thread;
    }
  }
}
