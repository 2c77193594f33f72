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
  /**
   * Slots hold the edge's hash in the high 32 bits and its index + 1 in the low 32 bits; 0 is
   * empty. Comparing the stored hash first spares most probes a visit to the edge arrays.
   * Capacity is a power of two, at most half full.
   */
  private long[] slots = new long[2048];
  private long duplicates;
  /** The last action seen (the reader passes equal labels as one interned string). */
  private String lastAction;
  private int lastActionId;

  /** Adds an edge unless an equal one is present; returns whether it was new. */
  boolean add(long f, long t, String act) {
    int a;
    if (act == lastAction) {
      a = lastActionId;
    } else {
      a = actionIds.computeIfAbsent(act, k -> {
        actions.add(k);
        return actions.size() - 1;
      });
      lastAction = act;
      lastActionId = a;
    }
    int h = hash(f, t, a);
    long tag = (long) h << 32;
    int mask = slots.length - 1;
    int slot = h & mask;
    long s;
    while ((s = slots[slot]) != 0) {
      if ((s & 0xFFFF_FFFF_0000_0000L) == tag) {
        int e = (int) s - 1;
        if (from[e] == f && to[e] == t && action[e] == a) {
          duplicates++;
          return false;
        }
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
    slots[slot] = tag | size;
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
    long[] n = new long[slots.length * 2];
    int mask = n.length - 1;
    for (long s : slots) {
      if (s != 0) {
        int slot = (int) (s >>> 32) & mask;
        while (n[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        n[slot] = s;
      }
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
