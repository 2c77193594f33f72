package org.dmabufspec.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A process's file descriptor table, restricted to dma-buf files: slots
 * {@value #FIRST_FD}..{@code 2 + maxFds} (0 to 2 are stdin, stdout and stderr), the lowest free
 * slot first as POSIX requires, EMFILE when none is free (RLIMIT_NOFILE).
 *
 * <p>Guarded by its process's lock.
 */
public final class FdTable {
  /** The first fd a process can get: 0, 1 and 2 are taken. */
  public static final int FIRST_FD = 3;

  /**
   * An open fd: the file it refers to and its close-on-exec flag.
   *
   * @param file the buffer whose file the fd refers to
   * @param cloexec FD_CLOEXEC
   */
  public record Entry(DmaBuf file, boolean cloexec) {
    public Entry {
      Objects.requireNonNull(file, "file");
    }
  }

  private final Entry[] slots;

  FdTable(int maxFds) {
    if (maxFds < 1) {
      throw new IllegalArgumentException("maxFds must be at least 1: " + maxFds);
    }
    this.slots = new Entry[maxFds];
  }

  /** The first slot. */
  public int firstFd() {
    return FIRST_FD;
  }

  /** The last slot. */
  public int lastFd() {
    return FIRST_FD + slots.length - 1;
  }

  /** The entry of {@code fd}, or null when {@code fd} is not open (or out of range). */
  Entry get(int fd) {
    int i = fd - FIRST_FD;
    return i < 0 || i >= slots.length ? null : slots[i];
  }

  /** Installs {@code file} in the lowest free slot; returns the fd, or -1 when full (EMFILE). */
  int install(DmaBuf file, boolean cloexec) {
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] == null) {
        slots[i] = new Entry(file, cloexec);
        return FIRST_FD + i;
      }
    }
    return -1;
  }

  /** True when a slot is free. */
  boolean hasFree() {
    for (Entry e : slots) {
      if (e == null) {
        return true;
      }
    }
    return false;
  }

  /** Closes {@code fd}; returns what it referred to, or null when it was not open. */
  Entry remove(int fd) {
    Entry e = get(fd);
    if (e != null) {
      slots[fd - FIRST_FD] = null;
    }
    return e;
  }

  /** The open fds with FD_CLOEXEC, lowest first. */
  List<Integer> cloexecFds() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] != null && slots[i].cloexec()) {
        out.add(FIRST_FD + i);
      }
    }
    return out;
  }
}
