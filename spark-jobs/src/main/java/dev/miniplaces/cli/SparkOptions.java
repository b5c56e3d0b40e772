package dev.miniplaces.cli;

import dev.miniplaces.catalog.CatalogSettings;
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
      paramLabel = "DIR|URI",
      description = "Where the results catalog keeps its tables' files: a local folder (with the embedded "
          + "catalog's catalog.db) or, with --catalog-uri, any Hadoop URI (hdfs://, s3a://). Default: "
          + CatalogSettings.DEFAULT_WAREHOUSE + " in the working directory, or " + CatalogSettings.WAREHOUSE_KEY
          + ".")
  String warehouse;

  @Option(
      names = "--catalog-uri",
      paramLabel = "URI",
      description = "The database that lists the results tables, for a cluster: jdbc:postgresql://HOST:PORT/DB "
          + "(user and password in the URL or as spark.sql.catalog." + ResultsCatalog.CATALOG + ".jdbc.user and "
          + ".jdbc.password), or a Hive metastore, thrift://HOST:9083. Default: " + CatalogSettings.URI_KEY
          + ", else the embedded SQLite file in a local --warehouse.")
  String catalogUri;

  SparkSession session(String appName) {
    Map<String, String> settings = new LinkedHashMap<>(conf);
    if (warehouse != null) {
      settings.put(CatalogSettings.WAREHOUSE_KEY, warehouse);
    }
    if (catalogUri != null) {
      settings.put(CatalogSettings.URI_KEY, catalogUri);
    }
    return SparkSessions.getOrCreate(appName, master, settings);
  }
}
