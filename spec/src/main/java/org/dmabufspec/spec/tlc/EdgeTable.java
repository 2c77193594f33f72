package org.dmabufspec.spec.tlc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The distinct edges {@code (from, to, action)} of a state graph, in first-seen order, kept in
 * primitive arrays with an open-addressing index, so that millions of edges (TLC writes an edge
 * each time a successor is generated, duplicates included) cost about 30 bytes each.
 */
final class EdgeTable {
  private long[] from = new long[1024];
  private long[] to = new long[1024];
  private int[] action = new int[1024];
  private int size;
  private final List<String> actions = new ArrayList<>();
  private final java.util.Map<String, Integer> actionIds = new java.util.HashMap<>();
  /** Slots hold edge index + 1; 0 is empty. Capacity is a power of two. */
  private int[] slots = new int[2048];
  private long duplicates;

  /** Adds an edge unless an equal one is present; returns whether it was new. */
  boolean add(long f, long t, String act) {
    int a = actionIds.computeIfAbsent(act, k -> {
      actions.add(k);
      return actions.size() - 1;
    });
    int mask = slots.length - 1;
    int slot = hash(f, t, a) & mask;
    while (slots[slot] != 0) {
      int e = slots[slot] - 1;
      if (from[e] == f && to[e] == t && action[e] == a) {
        duplicates++;
        return false;
      }
      slot = (slot + 1) & mask;
    }
    if (size == from.length) {
      int n = size * 2;
      from = Arrays.copyOf(from, n);
      to = Arrays.copyOf(to, n);
      action = Arrays.copyOf(action, n);
    }
    from[size] = f;
    to[size] = t;
    action[size] = a;
    size++;
    slots[slot] = size;
    if (size * 2 > slots.length) {
      rehash();
    }
    return true;
  }

  int size() {
    return size;
  }

  /** How many added edges were already present. */
  long duplicates() {
    return duplicates;
  }

  long from(int i) {
    return from[i];
  }

  long to(int i) {
    return to[i];
  }

  String action(int i) {
    return actions.get(action[i]);
  }

  private void rehash() {
    int[] n = new int[slots.length * 2];
    int mask = n.length - 1;
    for (int e = 0; e < size; e++) {
      int slot = hash(from[e], to[e], action[e]) & mask;
      while (n[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      n[slot] = e + 1;
    }
    slots = n;
  }

  private static int hash(long f, long t, int a) {
    long h = f * 0x9E3779B97F4A7C15L;
    h ^= Long.rotateLeft(t * 0xC2B2AE3D27D4EB4FL, 31);
    h ^= a * 0x165667B19E3779F9L;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return (int) h;
  }
}
