package org.dmabufspec.spec.tlc;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.dmabufspec.spec.value.Value;

/**
 * An immutable, ordered variable-to-value map that shares its key array with every other state
 * of the same variables. A state graph holds hundreds of thousands of states of the same few
 * variables; this keeps each one at two small arrays instead of a hash map. Equality and hash code
 * are those of {@link Map}.
 */
final class CompactStateMap extends AbstractMap<String, Value> {
  private final String[] keys;
  private final Value[] values;

  /** {@code keys} is shared and must not be modified afterwards; {@code values} is owned. */
  CompactStateMap(String[] keys, Value[] values) {
    if (keys.length != values.length) {
      throw new IllegalArgumentException("keys and values differ in length");
    }
    this.keys = keys;
    this.values = values;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public Value get(Object key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == key) {
        return values[i];
      }
    }
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        return values[i];
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public Set<Entry<String, Value>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return keys.length;
      }

      @Override
      public Iterator<Entry<String, Value>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < keys.length;
          }

          @Override
          public Entry<String, Value> next() {
            if (i >= keys.length) {
              throw new NoSuchElementException();
            }
            Entry<String, Value> e = Map.entry(keys[i], values[i]);
            i++;
            return e;
          }
        };
      }
    };
  }
}
