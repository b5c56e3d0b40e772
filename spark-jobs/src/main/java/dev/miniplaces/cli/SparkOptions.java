package dev.miniplaces.cli;

import dev.miniplaces.catalog.ResultsCatalog;
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

  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      description = "Folder of the embedded results catalog (its tables and catalog.db). Default: "
          + ResultsCatalog.DEFAULT_WAREHOUSE + " in the working directory, or " + ResultsCatalog.WAREHOUSE_KEY
          + ". Ignored where spark.sql.catalog." + ResultsCatalog.CATALOG + " points elsewhere.")
  String warehouse;

  SparkSession session(String appName) {
    Map<String, String> settings = new LinkedHashMap<>(conf);
    if (warehouse != null) {
      settings.put(ResultsCatalog.WAREHOUSE_KEY, warehouse);
    }
    return SparkSessions.getOrCreate(appName, master, settings);
  }
}
