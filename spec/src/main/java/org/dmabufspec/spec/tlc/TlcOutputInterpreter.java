package org.dmabufspec.spec.tlc;

import static org.dmabufspec.spec.tlc.TlcMessageCodes.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmabufspec.spec.value.Value;

/**
 * Turns the messages of one TLC {@code -tool} run into a {@link TlcResult}: the verdict, the
 * violated property, the counterexample and the statistics.
 *
 * <p>The verdict is the first violation message (invariant, property, deadlock, assumption) if
 * there is one; else {@link TlcOutcome#ERROR} if TLC reported an error, was killed, or exited
 * non-zero; else {@link TlcOutcome#SUCCESS} if TLC said "No error has been found".
 */
final class TlcOutputInterpreter {

  /** Error-severity messages that are part of a violation report, not errors of their own. */
  private static final Set<Integer> REPORT_PARTS = Set.of(
      INVARIANT_VIOLATED_INITIAL, PROPERTY_VIOLATED_INITIAL, INVARIANT_VIOLATED_BEHAVIOR,
      ACTION_PROPERTY_VIOLATED_BEHAVIOR, DEADLOCK_REACHED, TEMPORAL_PROPERTY_VIOLATED,
      ASSUMPTION_FALSE, BEHAVIOR_UP_TO_THIS_POINT, COUNTER_EXAMPLE);

  private final List<String> untagged;
  private final List<String> cfgProperties;

  private TlcOutcome violation;
  private String violatedProperty;
  private final List<TraceState> trace = new ArrayList<>();
  private int loopBack = -1;
  private boolean stuttering;
  private long generated;
  private long distinct;
  private long initial;
  private int depth;
  private boolean success;
  private boolean parseFailed;
  private final List<String> errors = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private String stderr = "";

  /**
   * @param messages the run's messages in order
   * @param untagged the output lines outside messages
   * @param cfgProperties the {@code PROPERTY} names of the model's config (to name a temporal
   *     violation when there is exactly one)
   */
  TlcOutputInterpreter(List<TlcMessage> messages, List<String> untagged,
      List<String> cfgProperties) {
    this.untagged = untagged;
    this.cfgProperties = cfgProperties;
    for (TlcMessage m : messages) {
      read(m);
    }
  }

  /**
   * The result of the run.
   *
   * @param timeoutNote non-null if the runner killed TLC: the reason, which makes the run an ERROR
   * @param graph the parsed state graph or {@code null}
   */
  TlcResult result(Duration wallTime, int exitCode, String timeoutNote, StateGraph graph,
      String rawOutput) {
    TlcOutcome outcome = verdict(exitCode, timeoutNote);
    String errorMessage = outcome == TlcOutcome.ERROR ? errorMessage(timeoutNote, exitCode) : null;
    long edges = graph != null ? graph.edges().size() : Math.max(0, generated - initial);
    return new TlcResult(outcome, violatedProperty, trace, loopBack, stuttering, distinct,
        generated, initial, edges, depth, wallTime, exitCode, errorMessage, warnings, graph,
        rawOutput);
  }

  /**
   * The verdict: the first violation if any; else ERROR if TLC was killed, reported an error or
   * exited non-zero; else SUCCESS if TLC said so, else ERROR.
   *
   * @param timeoutNote non-null if the runner killed TLC: the reason
   */
  TlcOutcome verdict(int exitCode, String timeoutNote) {
    if (violation != null) {
      return violation;
    }
    if (timeoutNote != null || !errors.isEmpty() || exitCode != 0 || !success) {
      return TlcOutcome.ERROR;
    }
    return TlcOutcome.SUCCESS;
  }

  /** TLC's standard error, added to the error message of an ERROR. */
  void stderr(String text) {
    this.stderr = text.strip();
  }

  /** Adds a warning of the runner's own (e.g. an unreadable state graph). */
  void warning(String text) {
    warnings.add(text);
  }

  private String errorMessage(String timeoutNote, int exitCode) {
    List<String> parts = new ArrayList<>();
    if (timeoutNote != null) {
      parts.add(timeoutNote);
    }
    parts.addAll(errors);
    if (parseFailed) {
      String sany = sanyReport();
      if (!sany.isEmpty()) {
        parts.add(sany);
      }
    }
    if (!stderr.isEmpty()) {
      parts.add(stderr);
    }
    if (parts.isEmpty()) {
      parts.add(success
          ? "TLC exited with code " + exitCode
          : "TLC ended without a verdict (exit code " + exitCode + ")");
    }
    return String.join("\n", parts);
  }

  /** SANY's report from the untagged output, without its progress chatter. */
  private String sanyReport() {
    StringBuilder sb = new StringBuilder();
    boolean lastBlank = true;
    for (String line : untagged) {
      if (line.startsWith("Parsing file ") || line.startsWith("Semantic processing of module ")) {
        continue;
      }
      boolean blank = line.isBlank();
      if (blank && lastBlank) {
        continue;
      }
      sb.append(line).append('\n');
      lastBlank = blank;
    }
    return sb.toString().strip();
  }

  private void read(TlcMessage m) {
    String body = m.body();
    switch (m.code()) {
      case SUCCESS -> success = true;
      case INVARIANT_VIOLATED_BEHAVIOR -> violation(TlcOutcome.INVARIANT_VIOLATED,
          between(body, "Invariant ", " is violated"));
      case INVARIANT_VIOLATED_INITIAL -> {
        if (violation(TlcOutcome.INVARIANT_VIOLATED, between(body, "Invariant ", " is violated"))) {
          initialStateTrace(body);
        }
      }
      case PROPERTY_VIOLATED_INITIAL -> {
        if (violation(TlcOutcome.PROPERTY_VIOLATED, between(body, "Property ", " is violated"))) {
          initialStateTrace(body);
        }
      }
      case ACTION_PROPERTY_VIOLATED_BEHAVIOR -> violation(TlcOutcome.PROPERTY_VIOLATED,
          between(body, "Action property ", " is violated"));
      case TEMPORAL_PROPERTY_VIOLATED -> violation(TlcOutcome.PROPERTY_VIOLATED,
          cfgProperties.size() == 1 ? cfgProperties.get(0) : null);
      case DEADLOCK_REACHED -> violation(TlcOutcome.DEADLOCK, null);
      case ASSUMPTION_FALSE -> violation(TlcOutcome.ASSUMPTION_FAILED,
          between(body, "Assumption ", " is false"));
      case STATE_PRINT1, STATE_PRINT2 -> traceState(body);
      case STATE_PRINT3 -> stuttering = true;
      case BACK_TO_STATE -> loopBack = (int) leadingNumber(body);
      case STATS -> {
        generated = numberBefore(body, " states generated");
        distinct = numberBefore(body, " distinct states found");
      }
      case PROGRESS_STATS -> {
        // Only a fallback: a run killed on timeout never prints its final STATS.
        generated = Math.max(generated, numberBefore(body, " states generated"));
        distinct = Math.max(distinct, numberBefore(body, " distinct states found"));
      }
      case INIT_GENERATED1 -> initial = numberBefore(body, " distinct state");
      case INIT_GENERATED2 -> initial = numberBefore(body, " states generated");
      case SEARCH_DEPTH -> depth = (int) numberAfter(body, "search is ");
      case PARSING_FAILED -> {
        parseFailed = true;
        errors.add(body.strip());
      }
      default -> {
        if (m.severity() == TlcMessage.WARNING) {
          warnings.add(body.strip());
        } else if (m.isError() && !REPORT_PARTS.contains(m.code())) {
          errors.add(body.strip());
        }
      }
    }
  }

  /** Records the first violation; later ones (e.g. with {@code -continue}) are ignored. */
  private boolean violation(TlcOutcome outcome, String property) {
    if (violation != null) {
      return false;
    }
    violation = outcome;
    violatedProperty = property;
    return true;
  }

  /** A 2107/2108 body: a headline, then the violating initial state. */
  private void initialStateTrace(String body) {
    int nl = body.indexOf('\n');
    String state = nl < 0 ? "" : body.substring(nl + 1);
    trace.add(new TraceState(1, "<Initial predicate>", parseStateLeniently(1, state)));
  }

  /** A 2216/2217 body: {@code "N: <label>"} (or {@code "N:"}), then the state. */
  private void traceState(String body) {
    int nl = body.indexOf('\n');
    String head = nl < 0 ? body : body.substring(0, nl);
    String state = nl < 0 ? "" : body.substring(nl + 1);
    int colon = head.indexOf(':');
    int index = (int) leadingNumber(head);
    String label = colon < 0 ? "" : head.substring(colon + 1).strip();
    trace.add(new TraceState(index, label, parseStateLeniently(index, state)));
  }

  private Map<String, Value> parseStateLeniently(int index, String state) {
    try {
      return TlaValueParser.parseState(state);
    } catch (TlaParseException e) {
      warnings.add("could not parse counterexample state " + index + ": " + e.getMessage());
      return Map.of();
    }
  }

  // ---------------------------------------------------------------- text helpers

  /** The text between {@code prefix} and {@code suffix}, or {@code null}. */
  static String between(String body, String prefix, String suffix) {
    int a = body.indexOf(prefix);
    if (a < 0) {
      return null;
    }
    a += prefix.length();
    int b = body.indexOf(suffix, a);
    return b < 0 ? null : body.substring(a, b).strip();
  }

  /** The number (digits and thousands commas) just before {@code marker}, or 0. */
  static long numberBefore(String body, String marker) {
    int end = body.indexOf(marker);
    if (end < 0) {
      return 0;
    }
    int start = end;
    while (start > 0 && (Character.isDigit(body.charAt(start - 1)) || body.charAt(start - 1) == ',')) {
      start--;
    }
    return parse(body.substring(start, end));
  }

  /** The number just after {@code marker}, or 0. */
  static long numberAfter(String body, String marker) {
    int start = body.indexOf(marker);
    if (start < 0) {
      return 0;
    }
    start += marker.length();
    int end = start;
    while (end < body.length() && (Character.isDigit(body.charAt(end)) || body.charAt(end) == ',')) {
      end++;
    }
    return parse(body.substring(start, end));
  }

  static long leadingNumber(String text) {
    String s = text.strip();
    int end = 0;
    while (end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    return parse(s.substring(0, end));
  }

  private static long parse(String digits) {
    String d = digits.replace(",", "");
    if (d.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(d);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
