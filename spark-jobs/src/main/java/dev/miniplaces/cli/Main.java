package dev.miniplaces.cli;

import dev.miniplaces.ops.Engine;

/** Entry point of {@code bin/miniplaces} and of the application jar under {@code spark-submit}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Engine.enableLayerHelpers(); // before any network is built, here or by Spark tasks in this JVM
    System.exit(MiniplacesCommand.newCommandLine().execute(args));
  }
}
