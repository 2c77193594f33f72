package org.dmabufspec.spec.tlc;

/**
 * A set of {@code long}s with open addressing, for the millions of membership tests a state graph
 * needs (node ids are TLC's 64-bit fingerprints) without boxing.
 */
final class LongHashSet {
  private long[] table = new long[1024];
  private boolean hasZero;
  private int size;

  /** Adds {@code v}; returns whether it was absent. */
  boolean add(long v) {
    if (v == 0) {
      boolean added = !hasZero;
      hasZero = true;
      if (added) {
        size++;
      }
      return added;
    }
    int mask = table.length - 1;
    int i = mix(v) & mask;
    while (table[i] != 0) {
      if (table[i] == v) {
        return false;
      }
      i = (i + 1) & mask;
    }
    table[i] = v;
    size++;
    if (size * 2 > table.length) {
      grow();
    }
    return true;
  }

  boolean contains(long v) {
    if (v == 0) {
      return hasZero;
    }
    int mask = table.length - 1;
    int i = mix(v) & mask;
    while (table[i] != 0) {
      if (table[i] == v) {
        return true;
      }
      i = (i + 1) & mask;
    }
    return false;
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    int mask = table.length - 1;
    for (long v : old) {
      if (v != 0) {
        int i = mix(v) & mask;
        while (table[i] != 0) {
          i = (i + 1) & mask;
        }
        table[i] = v;
      }
    }
  }

  static int mix(long v) {
    long h = v * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
