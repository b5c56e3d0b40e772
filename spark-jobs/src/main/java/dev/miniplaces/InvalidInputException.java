package dev.miniplaces;

/** An input exists but cannot be used as a whole (a malformed categories file, a foreign dataset schema). */
public class InvalidInputException extends MiniplacesException {
  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
