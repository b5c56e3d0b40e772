package dev.miniplaces.catalog;

import dev.miniplaces.MiniplacesException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * The results catalog: every table the jobs write (datasets, rejected images, runs, metrics, predictions,
 * attention, adversarial results), by name, in one Spark catalog, {@value #CATALOG}, made the session's default,
 * so that {@code SELECT * FROM predictions} works in {@code miniplaces sql}, in a {@code spark-sql} shell or in a
 * notebook given the same settings ({@link #settings}).
 *
 * <p>The embedded default keeps Apache Iceberg tables in a warehouse directory ({@value #WAREHOUSE_KEY}, default
 * {@value #DEFAULT_WAREHOUSE} in the working directory) and lists them in Iceberg's JDBC catalog, in the SQLite
 * file {@code catalog.db} there. Iceberg publishes each append as one snapshot, swapped in with a conditional
 * update of that file: readers never see part of an append, and concurrent jobs retry rather than overwrite each
 * other. A cluster points the same catalog name at its own metastore (Hive, REST, Glue) with
 * {@code spark.sql.catalog.miniplaces.*} settings, which win over these defaults.
 */
public final class ResultsCatalog {
  public static final String CATALOG = "miniplaces";
  public static final String NAMESPACE = "results";
  /** Where the embedded catalog keeps its tables: a Spark setting ({@code --conf}). */
  public static final String WAREHOUSE_KEY = "spark.miniplaces.warehouse";
  public static final String DEFAULT_WAREHOUSE = "miniplaces-warehouse";

  /** The setting that names the catalog's implementation; a user who sets it brings their own catalog. */
  public static final String CATALOG_KEY = "spark.sql.catalog." + CATALOG;
  private static final String PREFIX = CATALOG_KEY;

  private ResultsCatalog() {}

  /**
   * The Spark settings of the embedded catalog in {@code warehouse} (a local folder): the ones to give a
   * {@code spark-sql} shell or notebook, with the Iceberg runtime and SQLite driver jars, to query the same tables.
   */
  public static Map<String, String> settings(String warehouse) {
    Path dir = Path.of(warehouse).toAbsolutePath().normalize();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(PREFIX, "org.apache.iceberg.spark.SparkCatalog");
    settings.put(PREFIX + ".catalog-impl", EmbeddedSqliteCatalog.class.getName());
    // WAL, so that readers never block the writer; and a writer waits for another process's commit rather than
    // fail.
    settings.put(PREFIX + ".uri", "jdbc:sqlite:" + dir.resolve("catalog.db")
        + "?journal_mode=WAL&busy_timeout=60000");
    settings.put(PREFIX + ".jdbc.schema-version", "V1");
    settings.put(PREFIX + ".warehouse", dir.toUri().toString());
    settings.put(PREFIX + ".default-namespace", NAMESPACE);
    settings.put("spark.sql.defaultCatalog", CATALOG);
    // Row-level DELETE, used to take back a failed job's appends.
    settings.put("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    return settings;
  }

  /** {@link #settings} of the embedded catalog in {@code warehouse}, the folder created if missing. */
  public static Map<String, String> embedded(String warehouse) {
    try {
      Files.createDirectories(Path.of(warehouse));
    } catch (IOException e) {
      throw new MiniplacesException("Cannot create the results catalog's warehouse " + warehouse + ": "
          + e.getMessage(), e);
    }
    return settings(warehouse);
  }

  /**
   * Registers the embedded catalog in a session that was not made with its settings (a notebook's or a test's
   * own session): only the catalog itself, at runtime; the session's default catalog stays as it is, and without
   * the Iceberg SQL extensions a failed job's rows may not be taken back.
   */
  public static void ensureRegistered(SparkSession spark) {
    if (!spark.conf().contains(CATALOG_KEY)) {
      String warehouse = spark.conf().get(WAREHOUSE_KEY, DEFAULT_WAREHOUSE);
      embedded(warehouse).forEach((key, value) -> {
        if (key.startsWith(PREFIX)) {
          spark.conf().set(key, value);
        }
      });
    }
  }

  /**
   * Registers the catalog ({@link #ensureRegistered}), loads it and creates its namespace if missing; the first
   * job on a new embedded warehouse creates the catalog's own tables here (under {@link EmbeddedCatalogLock}).
   */
  public static void open(SparkSession spark) {
    ensureRegistered(spark);
    EmbeddedCatalogLock.holding(spark, () -> {
      spark.sql("CREATE NAMESPACE IF NOT EXISTS " + CATALOG + "." + NAMESPACE);
      return null;
    });
  }

  /** Deletes the rows of catalog table {@code table} (a full name) that match the SQL {@code condition}. */
  public static void deleteWhere(SparkSession spark, String table, String condition) {
    EmbeddedCatalogLock.holding(spark, () -> spark.sql("DELETE FROM " + table + " WHERE " + condition));
  }

  /** {@code value} as a SQL string literal. */
  public static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /**
   * A SQL condition on {@code table}'s rows: those of run {@code runId} written by the run's latest job there (a
   * re-run appends again; earlier jobs' rows stay for comparison).
   */
  public static String latestJobOfRun(String table, String runId) {
    String run = literal(runId);
    return "run_id = " + run + " AND job_id = (SELECT max_by(job_id, written_at) FROM " + table + " WHERE run_id = "
        + run + ")";
  }

  /**
   * As {@link #latestJobOfRun}, for each value of {@code column}: e.g. a run's latest attack of each kind in
   * {@code adversarial_summary} ({@code target}).
   */
  public static String latestJobsOfRun(String table, String runId, String column) {
    String run = literal(runId);
    return "run_id = " + run + " AND job_id IN (SELECT max_by(job_id, written_at) FROM " + table
        + " WHERE run_id = " + run + " GROUP BY " + column + ")";
  }

  /** A table's full name: {@code miniplaces.results.<name>}. */
  public static String table(String name) {
    return CATALOG + "." + NAMESPACE + "." + name;
  }

  /** A new job's identity in the catalog; its rows carry {@code job}'s ids. */
  public static CatalogWrite begin(SparkSession spark, String jobName, String runId, String datasetId) {
    open(spark);
    return new CatalogWrite(spark, new JobIdentity(jobName + "-" + UUID.randomUUID(), runId, datasetId));
  }

  /**
   * Ids every catalog row carries.
   *
   * @param jobId this job's, unique
   * @param runId the training run the rows come from; null for a model file with no run
   * @param datasetId the ingested dataset the rows come from
   */
  public record JobIdentity(String jobId, String runId, String datasetId) {}
}
