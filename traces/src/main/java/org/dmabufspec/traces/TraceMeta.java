package org.dmabufspec.traces;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a trace file says about where it came from: the ITF {@code #meta} of the whole trace.
 *
 * <p>Every field except {@code extra} may be {@code null} (unknown); writers omit null fields.
 * {@code extra} holds any further key/value pairs (free form), kept sorted by key so output is
 * deterministic; its keys must not repeat the names of the fixed fields.
 *
 * @param source the TLA+ module the trace was produced from, e.g. {@code "DmaBuf.tla"}
 * @param modelConfig the TLC model configuration, e.g. {@code "MCDmaBuf.cfg"}
 * @param generator the program that produced the trace, e.g. {@code "EdgeCoverGenerator"}
 * @param seed the generator's seed, or null when it used none
 * @param profile the kernel profile the trace belongs to (see ARCHITECTURE.md, Kernel profiles)
 * @param description a one-line, human-readable description
 * @param extra further free-form metadata; a reader keeps a non-string value of a foreign file
 *     (e.g. Apalache's {@code varTypes}) as its JSON text
 */
public record TraceMeta(
    String source,
    String modelConfig,
    String generator,
    Long seed,
    String profile,
    String description,
    Map<String, String> extra) {

  /** The keys this record gives their own field; {@code extra} may not use them. */
  static final java.util.Set<String> FIXED_KEYS = java.util.Set.of(
      "format", "format-description", "source", "model-config", "generator", "seed", "profile",
      "description");

  public TraceMeta {
    extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(extra));
    for (String k : extra.keySet()) {
      if (FIXED_KEYS.contains(k)) {
        throw new IllegalArgumentException("extra metadata may not use the reserved key '" + k + "'");
      }
    }
  }

  /** No metadata at all. */
  public static TraceMeta empty() {
    return new TraceMeta(null, null, null, null, null, null, Map.of());
  }

  public TraceMeta withSource(String v) {
    return new TraceMeta(v, modelConfig, generator, seed, profile, description, extra);
  }

  public TraceMeta withModelConfig(String v) {
    return new TraceMeta(source, v, generator, seed, profile, description, extra);
  }

  public TraceMeta withGenerator(String v) {
    return new TraceMeta(source, modelConfig, v, seed, profile, description, extra);
  }

  public TraceMeta withSeed(Long v) {
    return new TraceMeta(source, modelConfig, generator, v, profile, description, extra);
  }

  public TraceMeta withProfile(String v) {
    return new TraceMeta(source, modelConfig, generator, seed, v, description, extra);
  }

  public TraceMeta withDescription(String v) {
    return new TraceMeta(source, modelConfig, generator, seed, profile, v, extra);
  }

  /** A copy with one more free-form entry (replacing an earlier value of the same key). */
  public TraceMeta withExtra(String key, String value) {
    Map<String, String> m = new TreeMap<>(extra);
    m.put(key, value);
    return new TraceMeta(source, modelConfig, generator, seed, profile, description, m);
  }
}
