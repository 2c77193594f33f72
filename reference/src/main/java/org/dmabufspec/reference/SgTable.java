package org.dmabufspec.reference;

import java.util.Objects;

/**
 * The {@code struct sg_table} an exporter's map_dma_buf returns: the buffer's pages, on the
 * current backing storage, mapped for one device and direction.
 *
 * @param buffer the buffer's id
 * @param device the device the table is mapped for
 * @param storage the backing storage the entries point into
 * @param nents the number of entries (one per page)
 * @param length the mapped length in bytes
 * @param direction the direction of the mapping
 */
public record SgTable(String buffer, String device, StorageKind storage, int nents, long length,
    DataDirection direction) {
  public SgTable {
    Objects.requireNonNull(buffer, "buffer");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(direction, "direction");
  }
}
