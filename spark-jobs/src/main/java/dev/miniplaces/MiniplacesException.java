package dev.miniplaces;

/**
 * A job failed for a reason the user can act on. The CLI prints {@link #getMessage()} as one line and exits
 * with code 1; the stack trace only with {@code --verbose}. Messages name the thing and the value.
 */
public class MiniplacesException extends RuntimeException {
  public MiniplacesException(String message) {
    super(message);
  }

  public MiniplacesException(String message, Throwable cause) {
    super(message, cause);
  }
}
