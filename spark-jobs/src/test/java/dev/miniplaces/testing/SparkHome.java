package dev.miniplaces.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Spark installation folder made from Maven's resolution of Spark (deploy/spark-home): {@code RELEASE} and
 * {@code jars/} holding links to Spark's jars. Spark needs one to launch separate executor JVMs
 * ({@code local-cluster} masters, standalone workers); no Spark distribution can be downloaded here.
 */
public final class SparkHome {
  private SparkHome() {}

  /** Creates (or refreshes) the Spark home at {@code home}; SPARK_HOME must point there for executors to start. */
  public static Path ensure(Path home) {
    try {
      Path classpath = Path.of("..", "deploy", "spark-home", "target", "spark-classpath.txt");
      Path jars = Files.createDirectories(home.resolve("jars"));
      for (String jar : Files.readString(classpath).strip().split(java.io.File.pathSeparator)) {
        Path link = jars.resolve(Path.of(jar).getFileName());
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, Path.of(jar));
        }
      }
      Files.writeString(home.resolve("RELEASE"), "Spark 3.5.9 (resolved by Maven for miniplaces tests)\n");
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot make a Spark home at " + home, e);
    }
  }

  /** The classpath executors need for this project's classes: what the launcher runs, tests included. */
  public static String applicationClasspath() {
    try {
      return Path.of("target", "classes").toAbsolutePath() + java.io.File.pathSeparator
          + Path.of("target", "test-classes").toAbsolutePath() + java.io.File.pathSeparator
          + Files.readString(Path.of("target", "launcher-classpath.txt")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
