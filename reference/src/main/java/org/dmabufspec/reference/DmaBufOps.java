package org.dmabufspec.reference;

/**
 * The exporter's callbacks ({@code struct dma_buf_ops}, {@code include/linux/dma-buf.h}), as
 * the guide's kernel (3.x) defines them. Mandatory callbacks are abstract; the optional ones are
 * default methods that do what the kernel does when an exporter leaves the pointer NULL.
 *
 * <p>Each callback is documented in the kernel header's order: who calls it, the locking rule,
 * whether it is optional, what it returns and which errno.
 *
 * <p>Locking, for every callback: the reference calls the exporter with the buffer's lock
 * ({@link DmaBuf}'s {@code dma_buf->lock}) held, so that the core's bookkeeping and the
 * exporter's decision are one atomic step. A callback must not block except where its
 * documentation says so, and must never call back into {@link ReferenceKernel}.
 */
public interface DmaBufOps {

  /**
   * Called by {@code dma_buf_attach()} before the attachment joins {@code dmabuf->attachments},
   * so that the exporter learns the new device's constraints (guide step 3).
   *
   * <p>Locking: called with {@code dma_buf->lock} held (as in the kernel).
   *
   * <p>Optional: without it every attach succeeds.
   *
   * @param dmabuf the buffer; {@link DmaBuf#attachments()} does not yet include {@code attach}
   * @param attach the new attachment, carrying the device
   * @return ok, or the errno that {@code dma_buf_attach()} returns: EBUSY when the exporter
   *     refuses attaches after a map, EINVAL when it cannot meet the collated constraints
   */
  default Result<Void> attach(DmaBuf dmabuf, DmaBufAttachment attach) {
    return Result.ok(null);
  }

  /**
   * Called by {@code dma_buf_detach()} after the attachment left {@code dmabuf->attachments},
   * for the exporter's housekeeping (guide step 6).
   *
   * <p>Locking: called with {@code dma_buf->lock} held (as in the kernel).
   *
   * <p>Optional: without it detach only drops the attachment.
   *
   * @param dmabuf the buffer
   * @param attach the attachment being removed
   */
  default void detach(DmaBuf dmabuf, DmaBufAttachment attach) {}

  /**
   * Called by {@code dma_buf_map_attachment()} to give a device access to the buffer (guide
   * step 4). On the first call the exporter may collate the constraints of all attached devices
   * and allocate the backing storage. While a migration is pending the core stalls the caller
   * before it gets here, on the exporter's behalf (see {@link Exporter#migrationPending}).
   *
   * <p>Locking: the 3.x kernel holds no dma-buf lock (5.x+: the reservation lock); the reference
   * holds the buffer's lock.
   *
   * <p>Mandatory.
   *
   * @param attach the attachment to map
   * @param dir the direction of the DMA
   * @return the sg_table, or an errno (the guide names -EINTR, which the core reports for a
   *     signalled caller before calling the exporter)
   */
  Result<SgTable> mapDmaBuf(DmaBufAttachment attach, DataDirection dir);

  /**
   * Called by {@code dma_buf_unmap_attachment()}: end-of-DMA for the attachment (guide step 5).
   *
   * <p>Locking: as {@link #mapDmaBuf}.
   *
   * <p>Mandatory.
   *
   * @param attach the attachment
   * @param table the table {@link #mapDmaBuf} returned
   * @param dir the direction it was mapped with
   */
  void unmapDmaBuf(DmaBufAttachment attach, SgTable table, DataDirection dir);

  /**
   * Called by {@code dma_buf_release()}, the file's release once its last reference is gone:
   * the exporter frees the backing storage and its private data. Called exactly once.
   *
   * <p>Locking: the kernel holds no lock (nobody else can reach the buffer); the reference holds
   * the buffer's lock.
   *
   * <p>Mandatory.
   *
   * @param dmabuf the buffer, with no attachment, mapping or vmap left
   */
  void release(DmaBuf dmabuf);

  /**
   * Called by {@code dma_buf_begin_cpu_access()} before the kernel touches the buffer with the
   * CPU: allocate, swap in, pin, invalidate caches for the range.
   *
   * <p>Locking: the kernel holds no dma-buf lock; the reference holds the buffer's lock.
   *
   * <p>Optional: without it the call succeeds.
   *
   * @param dmabuf the buffer
   * @param start first page of the range
   * @param len pages in the range
   * @param dir direction of the CPU access
   * @return ok, or ENOMEM ("This step might fail, e.g. in oom conditions")
   */
  default Result<Void> beginCpuAccess(DmaBuf dmabuf, int start, int len, DataDirection dir) {
    return Result.ok(null);
  }

  /**
   * Called by {@code dma_buf_end_cpu_access()}: flush caches, unpin.
   *
   * <p>Locking: as {@link #beginCpuAccess}.
   *
   * <p>Optional: without it nothing happens.
   *
   * @param dmabuf the buffer
   * @param start first page of the range begun
   * @param len pages in the range begun
   * @param dir direction begun
   */
  default void endCpuAccess(DmaBuf dmabuf, int start, int len, DataDirection dir) {}

  /**
   * Called by {@code dma_buf_kmap()} ({@code ops->kmap}, removed after 5.4): map one page into
   * the kernel's address space. It may sleep.
   *
   * <p>Locking: the kernel holds no dma-buf lock; the reference holds the buffer's lock.
   *
   * <p>Mandatory in the guide's kernel (dma_buf_export refuses ops without it).
   *
   * @param dmabuf the buffer
   * @param page the page, inside the range begun
   * @return the kernel virtual address; it cannot fail ("these calls need to always succeed")
   */
  long kmap(DmaBuf dmabuf, int page);

  /**
   * Called by {@code dma_buf_kunmap()}.
   *
   * <p>Locking: as {@link #kmap}.
   *
   * <p>Optional: without it nothing happens.
   *
   * @param dmabuf the buffer
   * @param page the page
   * @param vaddr the address {@link #kmap} returned
   */
  default void kunmap(DmaBuf dmabuf, int page, long vaddr) {}

  /**
   * Called by {@code dma_buf_kmap_atomic()}: as {@link #kmap} but must not block; the caller
   * holds at most 2 such pages per context.
   *
   * <p>Locking: the kernel holds no dma-buf lock and runs atomically; the reference holds the
   * buffer's lock.
   *
   * <p>Mandatory in the guide's kernel.
   *
   * @param dmabuf the buffer
   * @param page the page, inside the range begun
   * @return the kernel virtual address; it cannot fail
   */
  long kmapAtomic(DmaBuf dmabuf, int page);

  /**
   * Called by {@code dma_buf_kunmap_atomic()}.
   *
   * <p>Locking: as {@link #kmapAtomic}.
   *
   * <p>Optional: without it nothing happens.
   *
   * @param dmabuf the buffer
   * @param page the page
   * @param vaddr the address {@link #kmapAtomic} returned
   */
  default void kunmapAtomic(DmaBuf dmabuf, int page, long vaddr) {}

  /**
   * Called by {@code dma_buf_vmap()} when no vmapping exists (the count goes from 0 to 1): map
   * the whole buffer into vmalloc space.
   *
   * <p>Locking: called with {@code dma_buf->lock} held (as in the kernel).
   *
   * <p>Optional: without it {@code dma_buf_vmap()} fails with EINVAL (the caller falls back to
   * kmap).
   *
   * @param dmabuf the buffer
   * @return the kernel virtual address, or ENOMEM when vmalloc space runs out
   */
  default Result<Long> vmap(DmaBuf dmabuf) {
    return Result.fail(Errno.EINVAL);
  }

  /**
   * Called by {@code dma_buf_vunmap()} when the last vmapping goes (the count goes from 1 to 0).
   *
   * <p>Locking: called with {@code dma_buf->lock} held (as in the kernel).
   *
   * <p>Optional: without it nothing happens.
   *
   * @param dmabuf the buffer
   * @param vaddr the address {@link #vmap} returned
   */
  default void vunmap(DmaBuf dmabuf, long vaddr) {}

  /**
   * Called by {@code dma_buf_mmap_internal()} (mmap(2) on the dma-buf fd) once the core checked
   * that the mapping lies within the buffer ("The exporter hence does not need to duplicate this
   * check"). The exporter sets up a coherent mapping.
   *
   * <p>Locking: the kernel holds {@code mmap_lock}, no dma-buf lock; the reference holds the
   * process's and the buffer's locks.
   *
   * <p>Mandatory in the guide's kernel (later kernels: optional, EINVAL without it).
   *
   * @param dmabuf the buffer
   * @param vma the new mapping
   * @return ok, or the errno mmap(2) returns
   */
  Result<Void> mmap(DmaBuf dmabuf, Mapping vma);
}
