package dev.miniplaces.image;

/**
 * An image that ingest refuses, with a one-line reason a person can act on ("empty file (0 bytes)",
 * "unsupported image format GIF (accepted: JPEG, PNG)"). Reasons are stable: tests and reports match on them.
 */
public class RejectedImageException extends Exception {
  private final String reason;

  public RejectedImageException(String reason) {
    super(reason);
    this.reason = reason;
  }

  public RejectedImageException(String reason, Throwable cause) {
    super(reason, cause);
    this.reason = reason;
  }

  /** Why the image was refused, in one line. */
  public String reason() {
    return reason;
  }
}
