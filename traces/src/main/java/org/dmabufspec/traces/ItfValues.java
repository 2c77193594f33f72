package org.dmabufspec.traces;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmabufspec.spec.value.Value;

/**
 * The ITF encoding of one {@link Value} (Apalache ADR-015), shared by ITF traces and NDJSON logs.
 *
 * <pre>
 * Str        "text"
 * Bool       true / false
 * Int        42, or {"#bigint": "-9007199254740993"} beyond ±(2^53 - 1)
 * SetV       {"#set": [v, ...]}            elements in {@link ValueOrder}
 * Tuple      {"#tup": [v, ...]}            (a plain JSON array reads as a sequence, too)
 * Record     {"field": v, ...}             fields sorted by name
 * Fun        {"#map": [[k, v], ...]}       entries sorted by key
 * ModelValue {"#unserializable": "name"}
 * </pre>
 */
final class ItfValues {
  private ItfValues() {}

  /** The largest integer JSON readers in JavaScript represent exactly (2^53 - 1). */
  static final BigInteger MAX_SAFE = BigInteger.ONE.shiftLeft(53).subtract(BigInteger.ONE);

  private static final BigInteger MIN_SAFE = MAX_SAFE.negate();

  /** Writes {@code v} at the generator's current position. */
  static void write(JsonGenerator g, Value v) throws IOException {
    if (v instanceof Value.Str s) {
      g.writeString(s.value());
    } else if (v instanceof Value.Bool b) {
      g.writeBoolean(b.value());
    } else if (v instanceof Value.Int i) {
      writeInt(g, i.value());
    } else if (v instanceof Value.SetV s) {
      g.writeStartObject();
      g.writeFieldName("#set");
      writeArray(g, ValueOrder.sorted(s.elements()));
      g.writeEndObject();
    } else if (v instanceof Value.Tuple t) {
      g.writeStartObject();
      g.writeFieldName("#tup");
      writeArray(g, t.elements());
      g.writeEndObject();
    } else if (v instanceof Value.Record r) {
      writeRecord(g, r);
    } else if (v instanceof Value.Fun f) {
      writeFun(g, f);
    } else {
      g.writeStartObject();
      g.writeStringField("#unserializable", ((Value.ModelValue) v).name());
      g.writeEndObject();
    }
  }

  /** Writes the values as a plain JSON array. */
  static void writeArray(JsonGenerator g, List<Value> values) throws IOException {
    g.writeStartArray();
    for (Value e : values) {
      write(g, e);
    }
    g.writeEndArray();
  }

  private static void writeInt(JsonGenerator g, BigInteger n) throws IOException {
    if (n.compareTo(MAX_SAFE) <= 0 && n.compareTo(MIN_SAFE) >= 0) {
      g.writeNumber(n.longValue());
    } else {
      g.writeStartObject();
      g.writeStringField("#bigint", n.toString());
      g.writeEndObject();
    }
  }

  private static void writeRecord(JsonGenerator g, Value.Record r) throws IOException {
    List<String> names = new ArrayList<>(r.fields().keySet());
    names.sort(null);
    g.writeStartObject();
    for (String name : names) {
      if (name.startsWith("#")) {
        throw new IllegalArgumentException(
            "record field '" + name + "' would read back as an ITF tag: " + r);
      }
      g.writeFieldName(name);
      write(g, r.fields().get(name));
    }
    g.writeEndObject();
  }

  private static void writeFun(JsonGenerator g, Value.Fun f) throws IOException {
    g.writeStartObject();
    g.writeFieldName("#map");
    g.writeStartArray();
    for (Map.Entry<Value, Value> e : ValueOrder.sortedEntries(f)) {
      g.writeStartArray();
      write(g, e.getKey());
      write(g, e.getValue());
      g.writeEndArray();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /**
   * Reads the value whose first token is the parser's current token, leaving the parser on the
   * value's last token.
   *
   * @throws JsonParseException on anything that is not an ITF value; the parser stays on the
   *     offending token, so its parsing context gives the JSON path
   */
  static Value read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      throw new JsonParseException(p, "expected a value, found the end of the input");
    }
    switch (t) {
      case VALUE_STRING:
        return new Value.Str(p.getText());
      case VALUE_TRUE:
        return new Value.Bool(true);
      case VALUE_FALSE:
        return new Value.Bool(false);
      case VALUE_NUMBER_INT:
        return new Value.Int(p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? p.getBigIntegerValue() : BigInteger.valueOf(p.getLongValue()));
      case START_ARRAY:
        return new Value.Tuple(readElements(p));
      case START_OBJECT:
        return readObject(p);
      default:
        throw new JsonParseException(p, "expected an ITF value, found " + describe(t));
    }
  }

  /** Reads a plain JSON array of values; the current token is its {@code [}. */
  static List<Value> readElements(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new JsonParseException(p, "expected an array, found " + describe(p.currentToken()));
    }
    List<Value> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      out.add(read(p));
    }
    return out;
  }

  private static Value readObject(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.END_OBJECT) {
      return new Value.Record(Map.of());
    }
    String first = p.currentName();
    if (!first.startsWith("#")) {
      return readRecordFrom(p, first);
    }
    p.nextToken();
    Value v = readTagged(p, first);
    if (p.nextToken() != JsonToken.END_OBJECT) {
      throw new JsonParseException(p, "an object tagged '" + first + "' has no other field, found '"
          + p.currentName() + "'");
    }
    return v;
  }

  private static Value readTagged(JsonParser p, String tag) throws IOException {
    switch (tag) {
      case "#set": {
        Set<Value> seen = new HashSet<>();
        for (Value e : readElementsChecked(p, tag)) {
          if (!seen.add(e)) {
            throw new JsonParseException(p, "#set lists " + e + " twice");
          }
        }
        return new Value.SetV(seen);
      }
      case "#tup":
        return new Value.Tuple(readElementsChecked(p, tag));
      case "#map":
        return readMap(p);
      case "#bigint":
        return new Value.Int(parseBigint(p));
      case "#unserializable":
        return new Value.ModelValue(readString(p, tag));
      default:
        throw new JsonParseException(p, "unknown ITF tag '" + tag
            + "' (expected #set, #tup, #map, #bigint or #unserializable)");
    }
  }

  private static List<Value> readElementsChecked(JsonParser p, String tag) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new JsonParseException(p, tag + " takes an array, found " + describe(p.currentToken()));
    }
    return readElements(p);
  }

  private static BigInteger parseBigint(JsonParser p) throws IOException {
    String s = readString(p, "#bigint");
    try {
      return new BigInteger(s);
    } catch (NumberFormatException e) {
      throw new JsonParseException(p, "#bigint \"" + s + "\" is not a decimal integer");
    }
  }

  private static String readString(JsonParser p, String tag) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new JsonParseException(p, tag + " takes a string, found " + describe(p.currentToken()));
    }
    return p.getText();
  }

  private static Value readMap(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new JsonParseException(p, "#map takes an array of [key, value] pairs, found "
          + describe(p.currentToken()));
    }
    Map<Value, Value> m = new LinkedHashMap<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() != JsonToken.START_ARRAY) {
        throw new JsonParseException(p, "#map entry must be a [key, value] pair, found "
            + describe(p.currentToken()));
      }
      List<Value> pair = readElements(p);
      if (pair.size() != 2) {
        throw new JsonParseException(p, "#map entry must be a [key, value] pair, found "
            + pair.size() + " elements");
      }
      if (m.put(pair.get(0), pair.get(1)) != null) {
        throw new JsonParseException(p, "#map lists the key " + pair.get(0) + " twice");
      }
    }
    return new Value.Fun(m);
  }

  private static Value readRecordFrom(JsonParser p, String first) throws IOException {
    Map<String, Value> fields = new LinkedHashMap<>();
    String name = first;
    while (true) {
      if (name.startsWith("#")) {
        throw new JsonParseException(p, "record field '" + name + "' looks like an ITF tag");
      }
      p.nextToken();
      if (fields.put(name, read(p)) != null) {
        throw new JsonParseException(p, "record field '" + name + "' appears twice");
      }
      if (p.nextToken() == JsonToken.END_OBJECT) {
        return new Value.Record(fields);
      }
      name = p.currentName();
    }
  }

  static String describe(JsonToken t) {
    if (t == null) {
      return "the end of the input";
    }
    switch (t) {
      case START_OBJECT: return "an object";
      case START_ARRAY: return "an array";
      case VALUE_STRING: return "a string";
      case VALUE_NUMBER_INT: return "an integer";
      case VALUE_NUMBER_FLOAT: return "a non-integer number";
      case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
      case VALUE_NULL: return "null";
      default: return t.toString();
    }
  }
}
