package org.dmabufspec.spec.tlc;

/**
 * Thrown when text that should be a TLA+ value or state, as TLC prints it, is not.
 *
 * <p>The message names the 1-based line and column and shows the text around the offending
 * character, so that a bad value inside a long TLC output is easy to find.
 */
public final class TlaParseException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int offset;
  private final int line;
  private final int column;

  TlaParseException(String problem, CharSequence text, int offset) {
    this(problem, text, offset, lineAndColumn(text, offset));
  }

  private TlaParseException(String problem, CharSequence text, int offset, int[] lc) {
    super(problem + " at line " + lc[0] + ", column " + lc[1] + " (offset " + offset + "): "
        + excerpt(text, offset));
    this.offset = offset;
    this.line = lc[0];
    this.column = lc[1];
  }

  /** The 0-based character offset of the problem in the parsed text. */
  public int offset() {
    return offset;
  }

  /** The 1-based line of the problem. */
  public int line() {
    return line;
  }

  /** The 1-based column of the problem. */
  public int column() {
    return column;
  }

  private static int[] lineAndColumn(CharSequence text, int offset) {
    int l = 1;
    int c = 1;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        l++;
        c = 1;
      } else {
        c++;
      }
    }
    return new int[] {l, c};
  }

  /** Up to 30 characters either side of the offset, with the offset marked by {@code >>>}. */
  private static String excerpt(CharSequence text, int offset) {
    int at = Math.min(offset, text.length());
    String before = text.subSequence(Math.max(0, at - 30), at).toString();
    String after = at < text.length()
        ? text.subSequence(at, Math.min(text.length(), at + 30)).toString()
        : "<end of text>";
    return "..." + oneLine(before) + " >>>" + oneLine(after) + "...";
  }

  private static String oneLine(String s) {
    return s.replace("\n", "\\n").replace("\r", "\\r");
  }
}
