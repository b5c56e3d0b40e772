package dev.miniplaces.cli;

/** Entry point of {@code bin/miniplaces} and of the application jar under {@code spark-submit}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(MiniplacesCommand.newCommandLine().execute(args));
  }
}
