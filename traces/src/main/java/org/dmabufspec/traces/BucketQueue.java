package org.dmabufspec.traces;

import java.util.Arrays;

/**
 * Dial's bucket queue for Dijkstra with small non-negative integer distances: one stack of
 * entries per distance, scanned in increasing order. An entry whose distance was lowered later
 * stays in its old bucket; the caller skips it (lazy deletion).
 */
final class BucketQueue {
  private int[] head = new int[64];
  private int[] node = new int[1024];
  private int[] next = new int[1024];
  private int size;
  private int maxKey = -1;

  BucketQueue() {
    Arrays.fill(head, -1);
  }

  /** Empties the queue. */
  void clear() {
    Arrays.fill(head, 0, Math.min(head.length, maxKey + 1), -1);
    size = 0;
    maxKey = -1;
  }

  void push(int v, int key) {
    if (key >= head.length) {
      int old = head.length;
      head = Arrays.copyOf(head, Math.max(key + 1, old * 2));
      Arrays.fill(head, old, head.length, -1);
    }
    if (size == node.length) {
      node = Arrays.copyOf(node, size * 2);
      next = Arrays.copyOf(next, size * 2);
    }
    node[size] = v;
    next[size] = head[key];
    head[key] = size++;
    maxKey = Math.max(maxKey, key);
  }

  /** The largest key pushed since the last {@link #clear()}, -1 if none. */
  int maxKey() {
    return maxKey;
  }

  /** True when bucket {@code key} holds an entry. */
  boolean has(int key) {
    return head[key] >= 0;
  }

  /** Removes and returns an entry of bucket {@code key}, which must not be empty. */
  int pop(int key) {
    int k = head[key];
    head[key] = next[k];
    return node[k];
  }
}
