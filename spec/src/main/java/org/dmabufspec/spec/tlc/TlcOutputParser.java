package org.dmabufspec.spec.tlc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits TLC's {@code -tool} output, fed line by line as it streams, into {@link TlcMessage}s and
 * the untagged lines between them (SANY's parse report is untagged).
 *
 * <p>A message is {@code @!@!@STARTMSG code:severity @!@!@}, its lines, then
 * {@code @!@!@ENDMSG code @!@!@}. Markers are found anywhere in a line, not only at its start, and
 * a message that starts inside another is kept apart (a stack), so interleaved output does not
 * lose messages. Not thread-safe: feed it from one thread.
 */
final class TlcOutputParser {
  private static final String DELIM = "@!@!@";
  private static final String START = "STARTMSG ";
  private static final String END = "ENDMSG ";

  private final Consumer<TlcMessage> onMessage;
  private final Deque<Open> open = new ArrayDeque<>();
  private final List<TlcMessage> messages = new ArrayList<>();
  private final List<String> untagged = new ArrayList<>();

  private static final class Open {
    final int code;
    final int severity;
    final StringBuilder body = new StringBuilder();

    Open(int code, int severity) {
      this.code = code;
      this.severity = severity;
    }
  }

  /** A parser that calls {@code onMessage} as each message completes. */
  TlcOutputParser(Consumer<TlcMessage> onMessage) {
    this.onMessage = onMessage;
  }

  /** A parser that only collects. */
  TlcOutputParser() {
    this(m -> { });
  }

  /** Feeds one line of output (without its line terminator). */
  void accept(String line) {
    int i = 0;
    while (i <= line.length()) {
      int s = line.indexOf(DELIM, i);
      int e = s < 0 ? -1 : line.indexOf(" " + DELIM, s + DELIM.length());
      if (s < 0 || e < 0) {
        if (i == 0 || i < line.length()) {
          text(line.substring(i));
        }
        return;
      }
      if (s > i) {
        text(line.substring(i, s));
      }
      marker(line.substring(s + DELIM.length(), e));
      i = e + 1 + DELIM.length();
      if (i >= line.length()) {
        return;
      }
    }
  }

  /** Ends the input: messages still open (TLC killed mid-message) are completed as they are. */
  void finish() {
    while (!open.isEmpty()) {
      complete(open.pop());
    }
  }

  /** Every completed message, in completion order. */
  List<TlcMessage> messages() {
    return messages;
  }

  /** The lines outside any message. */
  List<String> untaggedLines() {
    return untagged;
  }

  private void text(String line) {
    Open cur = open.peek();
    if (cur == null) {
      untagged.add(line);
    } else {
      cur.body.append(line).append('\n');
    }
  }

  private void marker(String marker) {
    try {
      if (marker.startsWith(START)) {
        String codeSev = marker.substring(START.length()).strip();
        int colon = codeSev.indexOf(':');
        int code = Integer.parseInt(colon < 0 ? codeSev : codeSev.substring(0, colon));
        int sev = colon < 0 ? TlcMessage.INFO : Integer.parseInt(codeSev.substring(colon + 1));
        open.push(new Open(code, sev));
        return;
      }
      if (marker.startsWith(END)) {
        int code = Integer.parseInt(marker.substring(END.length()).strip());
        // Close the innermost open message of that code (normally the top of the stack).
        for (Open o : open) {
          if (o.code == code) {
            open.remove(o);
            complete(o);
            return;
          }
        }
        return; // an END without START: ignore
      }
    } catch (NumberFormatException e) {
      // fall through: not a marker after all
    }
    text(DELIM + marker + " " + DELIM);
  }

  private void complete(Open o) {
    String body = o.body.toString();
    if (body.endsWith("\n")) {
      body = body.substring(0, body.length() - 1);
    }
    TlcMessage m = new TlcMessage(o.code, o.severity, body);
    messages.add(m);
    onMessage.accept(m);
  }
}
