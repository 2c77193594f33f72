package org.dmabufspec.spec.tlc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmabufspec.spec.value.Value;

/**
 * Parses TLA+ values and states in the form TLC 2.18 prints them (error traces, {@code -dump}
 * files, dot labels).
 *
 * <p>Accepted value forms:
 * <ul>
 *   <li>strings {@code "a\"b\\c"} with TLC's escapes {@code \" \\ \n \t \r \f};
 *   <li>integers, negative too ({@code -5});
 *   <li>{@code TRUE}, {@code FALSE};
 *   <li>model values: bare identifiers such as {@code p1};
 *   <li>sets {@code {1, 2}}, and integer intervals {@code 1..3} (TLC prints an interval value
 *       that way; it becomes the set of its elements);
 *   <li>tuples and sequences {@code <<1, "x">>}; the empty one {@code <<>>}, which TLC also prints,
 *       as {@code << >>}, for a function with an empty domain, is parsed as the empty
 *       {@link Value.Tuple};
 *   <li>records {@code [a |-> 1, b |-> "x"]};
 *   <li>functions {@code (k1 :> v1 @@ k2 :> v2)}.
 * </ul>
 * TLC prints a function whose domain is {@code 1..n} as a tuple and one whose domain is a set of
 * strings as a record, so those come back as {@link Value.Tuple} and {@link Value.Record}.
 * Whitespace, including line breaks of TLC's pretty printer, may appear between any two tokens.
 *
 * <p>A state is a conjunction {@code /\ var = value}, one conjunct per line (values may span
 * lines); a state of a single variable is printed without {@code /\}.
 *
 * <p>Bad input raises {@link TlaParseException} with the position. Instances are not needed:
 * all methods are static and thread-safe.
 */
public final class TlaValueParser {

  /** Intervals larger than this are refused rather than expanded. */
  static final int MAX_INTERVAL = 1 << 20;

  private final String text;
  private int pos;

  private TlaValueParser(String text) {
    this.text = text;
  }

  /**
   * Parses one value; the whole text (ignoring surrounding whitespace) must be that value.
   *
   * @throws TlaParseException if the text is not a value
   */
  public static Value parseValue(String text) {
    TlaValueParser p = new TlaValueParser(text);
    Value v = p.value();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the value");
    }
    return v;
  }

  /**
   * Parses a state, {@code /\ x = 1 /\ y = "a"} (usually one conjunct per line), or the
   * single-variable form {@code x = 1}, into variable name to value, in printed order.
   *
   * @throws TlaParseException if the text is not a state or names a variable twice
   */
  public static Map<String, Value> parseState(String text) {
    TlaValueParser p = new TlaValueParser(text);
    Map<String, Value> vars = new LinkedHashMap<>();
    p.skipSpace();
    while (p.pos < text.length()) {
      int start = p.pos;
      p.conjunct(vars, start);
      p.skipSpace();
    }
    return Collections.unmodifiableMap(vars);
  }

  /**
   * Parses one conjunct {@code [/\] name = value}; the whole text must be that conjunct. Used by
   * the state graph reader, which splits labels into conjuncts itself so that it can cache them.
   */
  static Map.Entry<String, Value> parseConjunct(String text) {
    TlaValueParser p = new TlaValueParser(text);
    Map<String, Value> one = new LinkedHashMap<>(2);
    p.skipSpace();
    p.conjunct(one, p.pos);
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the value");
    }
    return Map.entry(one.keySet().iterator().next(), one.values().iterator().next());
  }

  private void conjunct(Map<String, Value> vars, int start) {
    if (text.startsWith("/\\", pos)) {
      pos += 2;
      skipSpace();
    }
    if (pos >= text.length() || !isIdentStart(text.charAt(pos))) {
      throw error("expected a variable name");
    }
    String name = identifier();
    skipSpace();
    expect("=");
    Value v = value();
    if (vars.put(name, v) != null) {
      throw new TlaParseException("variable '" + name + "' appears twice", text, start);
    }
  }

  // ---------------------------------------------------------------- values

  private Value value() {
    skipSpace();
    if (pos >= text.length()) {
      throw error("expected a value");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '"':
        return string();
      case '{':
        return set();
      case '[':
        return record();
      case '(':
        return function();
      case '<':
        return tuple();
      default:
        break;
    }
    if (c == '-' || isDigit(c)) {
      return integerOrInterval();
    }
    if (isIdentStart(c)) {
      int start = pos;
      String id = identifier();
      switch (id) {
        case "TRUE":
          return new Value.Bool(true);
        case "FALSE":
          return new Value.Bool(false);
        default:
          if (id.equals("SUBSET") || id.equals("UNION") || id.equals("DOMAIN")) {
            throw new TlaParseException("unsupported (unevaluated) operator " + id, text, start);
          }
          return new Value.ModelValue(id);
      }
    }
    throw error("expected a value");
  }

  private Value string() {
    pos++; // opening quote
    StringBuilder sb = null;
    int runStart = pos;
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        String s;
        if (sb == null) {
          s = text.substring(runStart, pos);
        } else {
          s = sb.append(text, runStart, pos).toString();
        }
        pos++;
        return new Value.Str(s);
      }
      if (c == '\\') {
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(text, runStart, pos);
        if (pos + 1 >= text.length()) {
          throw error("unterminated escape in string");
        }
        char e = text.charAt(pos + 1);
        switch (e) {
          case '"' -> sb.append('"');
          case '\\' -> sb.append('\\');
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'f' -> sb.append('\f');
          default -> throw error("unknown escape \\" + e + " in string");
        }
        pos += 2;
        runStart = pos;
        continue;
      }
      pos++;
    }
  }

  private Value integerOrInterval() {
    BigInteger low = integer();
    int save = pos;
    skipSpace();
    if (text.startsWith("..", pos)) {
      pos += 2;
      skipSpace();
      int hiPos = pos;
      if (pos >= text.length() || !(text.charAt(pos) == '-' || isDigit(text.charAt(pos)))) {
        throw error("expected the upper bound of an interval");
      }
      BigInteger high = integer();
      BigInteger size = high.subtract(low).add(BigInteger.ONE);
      if (size.compareTo(BigInteger.valueOf(MAX_INTERVAL)) > 0) {
        throw new TlaParseException("interval too large to expand", text, hiPos);
      }
      Set<Value> elements = new HashSet<>();
      for (BigInteger i = low; i.compareTo(high) <= 0; i = i.add(BigInteger.ONE)) {
        elements.add(new Value.Int(i));
      }
      return new Value.SetV(elements);
    }
    pos = save;
    return new Value.Int(low);
  }

  private BigInteger integer() {
    int start = pos;
    if (text.charAt(pos) == '-') {
      pos++;
    }
    int digits = pos;
    while (pos < text.length() && isDigit(text.charAt(pos))) {
      pos++;
    }
    if (pos == digits) {
      throw error("expected digits");
    }
    if (pos < text.length() && isIdentPart(text.charAt(pos))) {
      throw error("unexpected character in a number");
    }
    int len = pos - start;
    if (len < 18) {
      return BigInteger.valueOf(Long.parseLong(text, start, pos, 10));
    }
    return new BigInteger(text.substring(start, pos));
  }

  private Value set() {
    pos++; // {
    List<Value> elements = elements('}', "}");
    return new Value.SetV(new HashSet<>(elements));
  }

  private Value tuple() {
    expect("<<");
    return new Value.Tuple(elements('>', ">>"));
  }

  /** Comma-separated values up to and including {@code close}, possibly none. */
  private List<Value> elements(char closeFirst, String close) {
    List<Value> out = new ArrayList<>();
    skipSpace();
    if (pos < text.length() && text.charAt(pos) == closeFirst) {
      expect(close);
      return out;
    }
    while (true) {
      out.add(value());
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == ',') {
        pos++;
        continue;
      }
      if (!text.startsWith(close, pos)) {
        throw error("expected ',' or '" + close + "'");
      }
      pos += close.length();
      return out;
    }
  }

  private Value record() {
    pos++; // [
    Map<String, Value> fields = new LinkedHashMap<>();
    while (true) {
      skipSpace();
      int fieldPos = pos;
      if (pos >= text.length() || !isIdentPart(text.charAt(pos))) {
        throw error("expected a record field name");
      }
      String field = identifier();
      skipSpace();
      expect("|->");
      Value v = value();
      if (fields.put(field, v) != null) {
        throw new TlaParseException("record field '" + field + "' appears twice", text, fieldPos);
      }
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == ',') {
        pos++;
        continue;
      }
      expect("]");
      return new Value.Record(fields);
    }
  }

  private Value function() {
    pos++; // (
    Value first = value();
    skipSpace();
    if (pos < text.length() && text.charAt(pos) == ')') {
      pos++;
      return first; // a parenthesised value
    }
    Map<Value, Value> mapping = new LinkedHashMap<>();
    Value key = first;
    while (true) {
      skipSpace();
      expect(":>");
      int valuePos = pos;
      Value v = value();
      if (mapping.put(key, v) != null) {
        throw new TlaParseException("function key " + key + " appears twice", text, valuePos);
      }
      skipSpace();
      if (text.startsWith("@@", pos)) {
        pos += 2;
        key = value();
        continue;
      }
      expect(")");
      return new Value.Fun(mapping);
    }
  }

  // ---------------------------------------------------------------- lexical helpers

  private String identifier() {
    int start = pos;
    while (pos < text.length() && isIdentPart(text.charAt(pos))) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private void expect(String token) {
    skipSpace();
    if (!text.startsWith(token, pos)) {
      throw error("expected '" + token + "'");
    }
    pos += token.length();
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        pos++;
      } else {
        return;
      }
    }
  }

  private TlaParseException error(String problem) {
    return new TlaParseException(problem, text, pos);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c);
  }
}
