package org.dmabufspec.conformance.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmabufspec.conformance.replay.ValueNormalizer;
import org.dmabufspec.reference.Config;
import org.dmabufspec.reference.Device;
import org.dmabufspec.reference.ExporterPolicy;
import org.dmabufspec.reference.KernelProfile;
import org.dmabufspec.reference.StorageKind;
import org.dmabufspec.spec.tlc.SpecResources;
import org.dmabufspec.spec.tlc.TlaParseException;
import org.dmabufspec.spec.tlc.TlaValueParser;
import org.dmabufspec.spec.value.Value;

/**
 * The constants a TLC model config gives the spec, read the minimal way: the {@code CONSTANTS}
 * section of the {@code .cfg} ({@code Name = value}, or {@code Name <- Definition} with the
 * definition taken from the root module, {@code MCDmaBuf.tla}), each value parsed as TLC prints
 * values ({@link TlaValueParser}). Enough for the model configs of this project, whose
 * definitions are literal values; a definition that is not a literal value is reported, not
 * guessed.
 *
 * <p>{@link #toConfig()} turns them into the reference's {@link Config}.
 */
public final class ModelConstants {
  /** The root module of every model config of the spec. */
  public static final String ROOT_MODULE = "MCDmaBuf";

  private static final Set<String> CFG_KEYWORDS = Set.of(
      "CONSTANT", "CONSTANTS", "INIT", "NEXT", "SPECIFICATION", "INVARIANT", "INVARIANTS",
      "PROPERTY", "PROPERTIES", "SYMMETRY", "CONSTRAINT", "CONSTRAINTS", "ACTION_CONSTRAINT",
      "ACTION_CONSTRAINTS", "VIEW", "CHECK_DEADLOCK", "ALIAS", "POSTCONDITION");
  private static final Pattern ASSIGN = Pattern.compile("^(\\w+)\\s*(=|<-)\\s*(.+?)\\s*$");
  private static final Pattern DEFINITION = Pattern.compile("^(\\w+)\\s*==\\s*(.*)$");

  private final String config;
  private final Map<String, Value> values;

  private ModelConstants(String config, Map<String, Value> values) {
    this.config = config;
    this.values = Collections.unmodifiableMap(values);
  }

  /**
   * Reads {@code cfg} and the root module from the spec's packaged resources ({@code tla/} on
   * the classpath, see {@link SpecResources}).
   *
   * @throws IllegalArgumentException when there is no such config, or it cannot be read
   */
  public static ModelConstants fromClasspath(String cfg) {
    return parse(cfg, resource(cfg), resource(ROOT_MODULE + ".tla"));
  }

  /** Reads {@code cfg} and {@code MCDmaBuf.tla} from {@code modelDir}. */
  public static ModelConstants read(Path modelDir, String cfg) throws IOException {
    return parse(cfg, Files.readString(modelDir.resolve(cfg), StandardCharsets.UTF_8),
        Files.readString(modelDir.resolve(ROOT_MODULE + ".tla"), StandardCharsets.UTF_8));
  }

  /**
   * Parses a config's constants.
   *
   * @param cfg the config's name, for messages
   * @param cfgText the config
   * @param moduleText the root module, whose definitions {@code Name <- Definition} refers to
   * @throws IllegalArgumentException naming the constant whose value cannot be read
   */
  public static ModelConstants parse(String cfg, String cfgText, String moduleText) {
    Map<String, String> defs = definitions(moduleText);
    Map<String, Value> values = new LinkedHashMap<>();
    boolean inConstants = false;
    for (String raw : stripComments(cfgText).split("\n")) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      String first = line.split("\\s+")[0];
      if (CFG_KEYWORDS.contains(first)) {
        inConstants = first.startsWith("CONSTANT");
        line = line.substring(first.length()).strip();
        if (line.isEmpty()) {
          continue;
        }
      }
      if (!inConstants) {
        continue;
      }
      Matcher m = ASSIGN.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException(cfg + ": cannot read the constant line '" + line + "'");
      }
      String name = m.group(1);
      String text = m.group(3);
      if (m.group(2).equals("<-")) {
        String def = defs.get(text);
        if (def == null) {
          throw new IllegalArgumentException(cfg + ": " + name + " <- " + text + ", but "
              + ROOT_MODULE + ".tla defines no " + text);
        }
        text = def;
      }
      values.put(name, value(cfg, name, text));
    }
    if (values.isEmpty()) {
      throw new IllegalArgumentException(cfg + " has no CONSTANTS");
    }
    return new ModelConstants(cfg, values);
  }

  /** The config's name. */
  public String config() {
    return config;
  }

  /** Every constant, in the config's order. */
  public Map<String, Value> values() {
    return values;
  }

  /**
   * One constant.
   *
   * @throws IllegalArgumentException when the config does not give it
   */
  public Value get(String name) {
    Value v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException(config + " gives no value to the constant " + name);
    }
    return ValueNormalizer.normalize(v);
  }

  /**
   * The reference's configuration for these constants. The reference bounds nothing, so
   * {@code MaxRefs}, {@code MaxVmaps}, {@code MaxLoad}, {@code Directions}, {@code Names},
   * {@code SyncFlags}, {@code ErrorCalls} and {@code Faults} (which only bound or select what the
   * model checker explores) have no counterpart.
   *
   * @throws IllegalArgumentException when the model turns on one of the spec's bug toggles (the
   *     reference implements the correct protocol only) or a constant has an unexpected shape
   */
  public Config toConfig() {
    Value bugs = get("Bugs");
    if (!(bugs instanceof Value.SetV s && s.elements().isEmpty()) && !isEmpty(bugs)) {
      throw new IllegalArgumentException(config + " turns on the spec's bug toggles " + bugs
          + ": the reference implements the correct protocol only");
    }
    Value accepts = get("Accepts");
    List<Device> devices = new ArrayList<>();
    for (String d : names("Devices")) {
      Value a = ValueNormalizer.at(accepts, d);
      if (a == null) {
        throw new IllegalArgumentException(config + ": Accepts gives no constraint for " + d);
      }
      List<StorageKind> kinds = new ArrayList<>();
      for (String k : strings(a, "Accepts[" + d + "]")) {
        kinds.add(StorageKind.fromSpec(k));
      }
      devices.add(Device.of(d, kinds.toArray(StorageKind[]::new)));
    }
    List<StorageKind> storages = new ArrayList<>();
    if (!(get("Storages") instanceof Value.Tuple t)) {
      throw new IllegalArgumentException(config + ": Storages is not a sequence: " + get("Storages"));
    }
    for (Value v : t.elements()) {
      storages.add(StorageKind.fromSpec(string(v, "Storages")));
    }
    return new Config(names("Buffers"), devices, string(get("Exporter"), "Exporter"),
        names("Procs"), names("Contexts"), storages, integer("NPages"), integer("PageSize"),
        integer("MaxFds"), KernelProfile.fromSpec(string(get("Profile"), "Profile")),
        ExporterPolicy.of(string(get("AllocPolicy"), "AllocPolicy"),
            string(get("MigrationPolicy"), "MigrationPolicy"), bool("VmapSupported")));
  }

  private List<String> names(String constant) {
    return new ArrayList<>(strings(get(constant), constant));
  }

  private Set<String> strings(Value v, String what) {
    if (isEmpty(v)) {
      return Set.of();
    }
    if (!(v instanceof Value.SetV s)) {
      throw new IllegalArgumentException(config + ": " + what + " is not a set: " + v);
    }
    Set<String> out = new TreeSet<>();
    for (Value e : s.elements()) {
      out.add(string(e, what));
    }
    return out;
  }

  private String string(Value v, String what) {
    if (v instanceof Value.Str s) {
      return s.value();
    }
    throw new IllegalArgumentException(config + ": " + what + " is not a string: " + v);
  }

  private int integer(String constant) {
    if (get(constant) instanceof Value.Int i) {
      return Math.toIntExact(i.longValue());
    }
    throw new IllegalArgumentException(config + ": " + constant + " is not an integer: " + get(constant));
  }

  private boolean bool(String constant) {
    if (get(constant) instanceof Value.Bool b) {
      return b.value();
    }
    throw new IllegalArgumentException(config + ": " + constant + " is not a Boolean: " + get(constant));
  }

  private static boolean isEmpty(Value v) {
    return v instanceof Value.Tuple t && t.elements().isEmpty();
  }

  private static Value value(String cfg, String name, String text) {
    try {
      return TlaValueParser.parseValue(text);
    } catch (TlaParseException e) {
      try {
        // TLC prints functions in parentheses; a definition may leave them out.
        return TlaValueParser.parseValue("(" + text + ")");
      } catch (TlaParseException e2) {
        throw new IllegalArgumentException(cfg + ": the value of " + name + " is not a literal "
            + "value this reader understands: " + text, e);
      }
    }
  }

  /** Each definition of the module, comments removed, continuation lines joined. */
  static Map<String, String> definitions(String moduleText) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] lines = stripComments(moduleText).split("\n");
    for (int i = 0; i < lines.length; i++) {
      Matcher m = DEFINITION.matcher(lines[i]);
      if (!m.matches()) {
        continue;
      }
      StringBuilder body = new StringBuilder(m.group(2));
      int j = i + 1;
      while (j < lines.length && !lines[j].isBlank() && Character.isWhitespace(lines[j].charAt(0))) {
        body.append(' ').append(lines[j].strip());
        j++;
      }
      out.put(m.group(1), body.toString().strip());
      i = j - 1;
    }
    return out;
  }

  /** Removes {@code \* line} and nested {@code (* block *)} comments. */
  static String stripComments(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    int depth = 0;
    int i = 0;
    boolean inString = false;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (depth == 0 && inString) {
        sb.append(c);
        if (c == '\\' && i + 1 < text.length()) {
          sb.append(text.charAt(i + 1));
          i += 2;
          continue;
        }
        inString = c != '"';
        i++;
      } else if (text.startsWith("(*", i)) {
        depth++;
        i += 2;
      } else if (depth > 0 && text.startsWith("*)", i)) {
        depth--;
        i += 2;
        sb.append(' ');
      } else if (depth > 0) {
        if (c == '\n') {
          sb.append('\n');
        }
        i++;
      } else if (text.startsWith("\\*", i)) {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else {
        inString = c == '"';
        sb.append(c);
        i++;
      }
    }
    return sb.toString();
  }

  private static String resource(String name) {
    String path = SpecResources.PREFIX + "/" + name;
    try (InputStream in = ModelConstants.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no model file " + name + " among the spec's resources ("
            + path + " on the classpath)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  @Override
  public String toString() {
    return config + " " + values;
  }
}
