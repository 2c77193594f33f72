package org.dmabufspec.spec.tlc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the little the runner needs from a TLC model config ({@code .cfg}): the names listed
 * under {@code PROPERTY} / {@code PROPERTIES}. TLC's "Temporal properties were violated" does not
 * name the property, so when a config lists exactly one, that one is the violated property.
 */
final class TlcConfigFile {
  private TlcConfigFile() {}

  private static final Set<String> KEYWORDS = Set.of(
      "CONSTANT", "CONSTANTS", "INIT", "NEXT", "SPECIFICATION", "INVARIANT", "INVARIANTS",
      "PROPERTY", "PROPERTIES", "SYMMETRY", "CONSTRAINT", "CONSTRAINTS", "ACTION_CONSTRAINT",
      "ACTION_CONSTRAINTS", "VIEW", "CHECK_DEADLOCK", "ALIAS", "POSTCONDITION", "TYPE",
      "TYPE_CONSTRAINT");

  /** The names listed under every {@code PROPERTY} and {@code PROPERTIES} of the config text. */
  static List<String> propertyNames(String cfgText) {
    List<String> names = new ArrayList<>();
    boolean inProperties = false;
    for (String token : tokens(stripComments(cfgText))) {
      if (KEYWORDS.contains(token)) {
        inProperties = token.equals("PROPERTY") || token.equals("PROPERTIES");
      } else if (inProperties) {
        names.add(token);
      }
    }
    return names;
  }

  private static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    for (String t : text.split("[\\s,]+")) {
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  /** Removes {@code \* line} and nested {@code (* block *)} comments. */
  static String stripComments(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    int depth = 0;
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("(*", i)) {
        depth++;
        i += 2;
      } else if (depth > 0 && text.startsWith("*)", i)) {
        depth--;
        i += 2;
        sb.append(' ');
      } else if (depth > 0) {
        i++;
      } else if (text.startsWith("\\*", i)) {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else {
        sb.append(text.charAt(i));
        i++;
      }
    }
    return sb.toString();
  }
}
