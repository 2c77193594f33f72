package org.dmabufspec.conformance.review;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * An exporter design to review: the choices the guide leaves to the exporter (ARCHITECTURE.md,
 * "Exporter policies"), the kernel profile, and optional bug toggles of the spec that stand for a
 * design skipping a check. Read from a properties file:
 *
 * <pre>
 * alloc=at_first_map        # at_export | at_first_map
 * migration=migrate         # migrate | refuse
 * vmap=true                 # does the exporter implement vmap?
 * profile=seed              # pre312 | seed | v5 | modern
 * bugs=MapIgnoresMigration  # optional, comma-separated Bug("...") toggles of the spec
 * faults=false              # optional: explore ENOMEM and EINTR too
 * description=...           # optional, shown in the report
 * </pre>
 */
public record Policy(String name, String alloc, String migration, boolean vmap, String profile,
    Set<String> bugs, boolean faults, String description) {

  static final Set<String> KEYS =
      Set.of("alloc", "migration", "vmap", "profile", "bugs", "faults", "description");
  static final List<String> ALLOCS = List.of("at_export", "at_first_map");
  static final List<String> MIGRATIONS = List.of("migrate", "refuse");
  static final List<String> PROFILES = List.of("pre312", "seed", "v5", "modern");

  public Policy {
    bugs = Set.copyOf(new TreeSet<>(bugs));
    check(ALLOCS.contains(alloc), "alloc must be one of " + ALLOCS + ": " + alloc);
    check(MIGRATIONS.contains(migration), "migration must be one of " + MIGRATIONS + ": " + migration);
    check(PROFILES.contains(profile), "profile must be one of " + PROFILES + ": " + profile);
    for (String b : bugs) {
      check(b.matches("[A-Za-z]\\w*"), "not a bug toggle name: '" + b + "'");
    }
    description = description == null ? "" : description;
  }

  /** Reads a policy file; its name is the file name without {@code .properties}. */
  public static Policy load(Path file) throws IOException {
    String n = file.getFileName().toString().replaceFirst("\\.properties$", "");
    return parse(n, Files.readString(file));
  }

  /** Parses policy text (properties syntax). */
  public static Policy parse(String name, String text) {
    Properties p = new Properties();
    try (Reader r = new StringReader(text)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    for (String k : p.stringPropertyNames()) {
      check(KEYS.contains(k), "unknown policy key '" + k + "' (known: " + new TreeSet<>(KEYS) + ")");
    }
    List<String> bugs = new ArrayList<>();
    String b = p.getProperty("bugs", "").trim();
    if (!b.isEmpty() && !b.equals("none")) {
      Arrays.stream(b.split("[,\\s]+")).filter(s -> !s.isBlank()).forEach(bugs::add);
    }
    return new Policy(name, p.getProperty("alloc", "at_first_map").trim(),
        p.getProperty("migration", "migrate").trim(), bool(p, "vmap", true),
        p.getProperty("profile", "seed").trim(), new TreeSet<>(bugs), bool(p, "faults", false),
        p.getProperty("description", "").trim());
  }

  private static boolean bool(Properties p, String key, boolean dflt) {
    String v = p.getProperty(key);
    if (v == null) {
      return dflt;
    }
    v = v.trim();
    check(v.equals("true") || v.equals("false"), key + " must be true or false: " + v);
    return Boolean.parseBoolean(v);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The choices as key=value pairs, in file order, for reports. */
  public Map<String, String> choices() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("alloc", alloc);
    m.put("migration", migration);
    m.put("vmap", String.valueOf(vmap));
    m.put("profile", profile);
    m.put("bugs", bugs.isEmpty() ? "(none)" : String.join(",", bugs));
    m.put("faults", String.valueOf(faults));
    return m;
  }

  /** One line: {@code alloc=at_first_map migration=migrate ...}. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    choices().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return sb.toString();
  }
}
