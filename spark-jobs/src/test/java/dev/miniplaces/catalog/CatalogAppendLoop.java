package dev.miniplaces.catalog;

import dev.miniplaces.spark.SparkSessions;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The child JVM of {@link CatalogAcrossProcessesTest}: appends 10 rows to one table of the catalog in WAREHOUSE
 * (listed in CATALOG_URI's database, else in the embedded SQLite file), APPENDS times, each append a job of its own.
 *
 * <p>Usage: {@code CatalogAppendLoop WAREHOUSE WRITER APPENDS [CATALOG_URI]}
 */
public final class CatalogAppendLoop {
  static final String TABLE = "cross_process_probe";

  private CatalogAppendLoop() {}

  public static void main(String[] args) {
    String warehouse = args[0];
    String writer = args[1];
    int appends = Integer.parseInt(args[2]);
    Map<String, String> settings = new HashMap<>(Map.of(CatalogSettings.WAREHOUSE_KEY, warehouse,
        "spark.ui.enabled", "false"));
    if (args.length > 3) {
      settings.put(CatalogSettings.URI_KEY, args[3]);
    }
    SparkSession spark = SparkSessions.getOrCreate("append-loop-" + writer, "local[1]", settings);
    for (int i = 0; i < appends; i++) {
      CatalogWrite write = ResultsCatalog.begin(spark, "probe", "run-" + writer, "probe-dataset");
      write.append(TABLE, spark.range(10).toDF("n"));
      write.commit();
      System.out.println("appended " + (i + 1));
    }
    spark.stop();
  }
}
