package org.dmabufspec.reference;

/** The {@code whence} of llseek(2), with the values of {@code include/uapi/linux/fs.h}. */
public enum Whence {
  SEEK_SET(0),
  SEEK_CUR(1),
  SEEK_END(2);

  private final int value;

  Whence(int value) {
    this.value = value;
  }

  /** The C value. */
  public int value() {
    return value;
  }

  /** The spec's spelling, e.g. {@code "SEEK_END"}. */
  public String spec() {
    return name();
  }

  /**
   * The whence spelled {@code spec}.
   *
   * @throws IllegalArgumentException for any other string
   */
  public static Whence fromSpec(String spec) {
    return valueOf(spec);
  }
}
