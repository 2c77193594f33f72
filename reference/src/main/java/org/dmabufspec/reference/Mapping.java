package org.dmabufspec.reference;

import java.util.List;
import java.util.Objects;

/**
 * A user-space mapping of a dma-buf (the vma mmap(2) creates): it holds a reference on the
 * buffer's file until munmap or exec. Offsets and lengths are in pages, as in the spec.
 *
 * @param process the mapping process
 * @param file the buffer mapped
 * @param pgoff the first page of the buffer mapped
 * @param len the number of pages mapped
 */
public record Mapping(String process, DmaBuf file, int pgoff, int len) {
  public Mapping {
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(file, "file");
  }

  /** The spec's value of {@code mmaps[p][b]}: {@code <<pgoff, len>>}. */
  public List<Integer> spec() {
    return List.of(pgoff, len);
  }

  @Override
  public String toString() {
    return "Mapping(" + process + ", " + file.id() + ", pgoff=" + pgoff + ", len=" + len + ")";
  }
}
