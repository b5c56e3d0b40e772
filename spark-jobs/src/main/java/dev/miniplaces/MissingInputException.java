package dev.miniplaces;

/** A file or folder a job needs does not exist; the message names its full path. */
public class MissingInputException extends MiniplacesException {
  public MissingInputException(String what, Object path) {
    super(what + " not found: " + path);
  }
}
