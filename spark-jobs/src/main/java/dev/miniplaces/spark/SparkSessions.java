package dev.miniplaces.spark;

import dev.miniplaces.catalog.CatalogSettings;
import dev.miniplaces.catalog.ResultsCatalog;
import dev.miniplaces.ops.Engine;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place a job's SparkSession is made. Master resolution order: the {@code --master} flag, then
 * {@code spark.master} as spark-submit (or {@code --conf}) sets it, then {@code local[*]}: an embedded Spark
 * using every core of this machine.
 */
public final class SparkSessions {
  public static final String DEFAULT_MASTER = "local[*]";
  private static final String EXECUTOR_OPTIONS = "spark.executor.extraJavaOptions";

  private SparkSessions() {}

  /**
   * @param master the {@code --master} flag, or null
   * @param settings {@code --conf} pairs; they override spark-defaults and system properties
   */
  public static SparkSession getOrCreate(String appName, String master, Map<String, String> settings) {
    SparkConf conf = new SparkConf(); // picks up spark.* system properties, as spark-submit passes them
    settings.forEach(conf::set);
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster(DEFAULT_MASTER);
    }
    conf.setIfMissing("spark.app.name", appName);
    if (conf.get("spark.master").startsWith("local")) {
      // Progress of running tasks reaches the driver with heartbeats; on one machine they are cheap, so make
      // them frequent enough for a live images/s and ETA. Clusters keep Spark's default.
      conf.setIfMissing("spark.executor.heartbeatInterval", "2s");
    }
    // Executors build networks too (dl4j-spark); they need DL4J's oneDNN helpers allowed as this JVM has them.
    conf.set(EXECUTOR_OPTIONS, Engine.executorJavaOptions(conf.get(EXECUTOR_OPTIONS, "")));
    Engine.EXECUTOR_ENVIRONMENT.forEach((name, value) -> conf.setIfMissing("spark.executorEnv." + name, value));
    // Results go to the catalog of --warehouse and --catalog-uri, unless the user configured one of their own.
    if (!conf.contains(ResultsCatalog.CATALOG_KEY)) {
      CatalogSettings.of(conf.get(CatalogSettings.WAREHOUSE_KEY, CatalogSettings.DEFAULT_WAREHOUSE),
          conf.get(CatalogSettings.URI_KEY, null)).forEach(conf::setIfMissing);
    }
    CatalogSettings.checkReachable(conf.get("spark.master"), conf.get(ResultsCatalog.CATALOG_KEY + ".uri", ""));
    // Jobs print their own progress (images, images/s, ETA); Spark's stage bar would interleave with it.
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
