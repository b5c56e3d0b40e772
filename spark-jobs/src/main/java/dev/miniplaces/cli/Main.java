package dev.miniplaces.cli;

import dev.miniplaces.ops.Engine;

/** Entry point of {@code bin/miniplaces} and of the application jar under {@code spark-submit}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Engine.enableLayerHelpers(); // before any network is built, here or by Spark tasks in this JVM
    int exitCode = MiniplacesCommand.newCommandLine().execute(args);
    if (inYarnApplicationMaster()) {
      // YARN's application master runs this method and reports how it ended: an exit from here would read as a
      // driver lost before its final status (and start another attempt even after a success).
      if (exitCode != 0) {
        throw new IllegalStateException("miniplaces " + String.join(" ", args) + " failed (exit code " + exitCode
            + "); its error is above in this container's log");
      }
      return;
    }
    System.exit(exitCode);
  }

  /** Whether this is the driver of spark-submit's cluster deploy mode on YARN. */
  static boolean inYarnApplicationMaster() {
    return "cluster".equals(System.getProperty("spark.submit.deployMode"))
        && System.getProperty("spark.master", "").startsWith("yarn");
  }
}
