package org.dmabufspec.spec.tlc;

/**
 * One message of TLC's {@code -tool} output: the text between
 * {@code @!@!@STARTMSG code:severity @!@!@} and {@code @!@!@ENDMSG code @!@!@}.
 *
 * @param code the message code (constants of {@code tlc2.output.EC}; see {@link TlcMessageCodes})
 * @param severity {@link #INFO}, {@link #ERROR}, {@link #TLC_BUG}, {@link #WARNING} or
 *     {@link #STATE} (constants of {@code tlc2.output.MP})
 * @param body the message's lines, joined with {@code \n}, without a trailing line break
 */
public record TlcMessage(int code, int severity, String body) {

  /** An informational message (progress, statistics, start and finish). */
  public static final int INFO = 0;
  /** An error: a violation or a failure. */
  public static final int ERROR = 1;
  /** An internal error of TLC. */
  public static final int TLC_BUG = 2;
  /** A warning. */
  public static final int WARNING = 3;
  /** A state of an error trace. */
  public static final int STATE = 4;

  /** Whether this is an error of the model or of TLC (severity {@code ERROR} or {@code TLC_BUG}). */
  public boolean isError() {
    return severity == ERROR || severity == TLC_BUG;
  }
}
