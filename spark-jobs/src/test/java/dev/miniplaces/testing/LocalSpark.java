package dev.miniplaces.testing;

import dev.miniplaces.spark.SparkSessions;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One embedded Spark for every test class of a JVM (Surefire reuses the fork): {@code local[2]}, as on this
 * project's 2-core machines, with the UI off. Made through {@link SparkSessions}, as the jobs make theirs.
 */
public final class LocalSpark {
  private LocalSpark() {}

  public static synchronized SparkSession get() {
    return SparkSessions.getOrCreate("miniplaces-tests", "local[2]", Map.of(
        "spark.ui.enabled", "false",
        "spark.sql.shuffle.partitions", "4",
        "spark.driver.host", "127.0.0.1",
        "spark.executor.heartbeatInterval", "2s"));
  }
}
