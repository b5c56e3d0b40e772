package dev.miniplaces.cli;

import dev.miniplaces.spark.SparkSessions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The options of every command that runs on Spark. */
final class SparkOptions {
  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master, e.g. local[4], spark://host:7077, yarn. Default: the master spark-submit "
          + "gives, else " + SparkSessions.DEFAULT_MASTER + " (embedded Spark on every core).")
  String master;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description = "A Spark or Hadoop (spark.hadoop.*) setting; repeatable. Overrides spark-defaults.conf.")
  Map<String, String> conf = new LinkedHashMap<>();

  SparkSession session(String appName) {
    return SparkSessions.getOrCreate(appName, master, conf);
  }
}
