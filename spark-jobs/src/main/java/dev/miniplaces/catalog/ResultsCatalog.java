package dev.miniplaces.catalog;

import dev.miniplaces.io.WriteProbe;
import dev.miniplaces.spark.SparkFileSystems;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NamespaceAlreadyExistsException;

/**
 * The results catalog: every table the jobs write (datasets, rejected images, runs, metrics, predictions,
 * attention, adversarial results), by name, in one Spark catalog, {@value #CATALOG}, made the session's default,
 * so that {@code SELECT * FROM predictions} works in {@code miniplaces sql}, in a {@code spark-sql} shell or in a
 * notebook given the same settings ({@link CatalogSettings}).
 *
 * <p>The tables are Apache Iceberg tables, in a warehouse on any Hadoop filesystem, listed in a JDBC catalog: the
 * embedded one (a SQLite file in a local warehouse) by default, a database such as PostgreSQL on a cluster
 * ({@link CatalogSettings}). Iceberg publishes each append as one snapshot, swapped in with a conditional update
 * of the catalog's row: readers never see part of an append, and concurrent jobs retry rather than overwrite each
 * other. A user who sets {@code spark.sql.catalog.miniplaces} itself brings their own catalog (REST, Glue).
 */
public final class ResultsCatalog {
  public static final String CATALOG = "miniplaces";
  public static final String NAMESPACE = "results";
  /** The setting that names the catalog's implementation; a user who sets it brings their own catalog. */
  public static final String CATALOG_KEY = "spark.sql.catalog." + CATALOG;

  private ResultsCatalog() {}

  /**
   * Registers the catalog ({@link CatalogSettings}) in a session that was not made with its settings (a
   * notebook's or a test's own session): only the catalog itself, at runtime; the session's default catalog stays
   * as it is, and without the Iceberg SQL extensions a failed job's rows may not be taken back.
   */
  public static void ensureRegistered(SparkSession spark) {
    if (!spark.conf().contains(CATALOG_KEY)) {
      CatalogSettings.of(spark.conf().get(CatalogSettings.WAREHOUSE_KEY, CatalogSettings.DEFAULT_WAREHOUSE),
          spark.conf().get(CatalogSettings.URI_KEY, null)).forEach((key, value) -> {
        if (key.startsWith(CATALOG_KEY)) {
          spark.conf().set(key, value);
        }
      });
    }
  }

  /**
   * Registers the catalog ({@link #ensureRegistered}), loads it and creates its namespace and {@link JobsLedger}
   * if missing; the first job on a new embedded warehouse creates the catalog's own tables here (under
   * {@link EmbeddedCatalogLock}).
   */
  public static void open(SparkSession spark) {
    ensureRegistered(spark);
    EmbeddedCatalogLock.holding(spark, () -> {
      try {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + CATALOG + "." + NAMESPACE);
      } catch (Exception e) {
        if (!(e instanceof NamespaceAlreadyExistsException || e instanceof AlreadyExistsException)) {
          throw e;
        } // else another host's job created it between the check and the create
      }
      JobsLedger.ensureExists(spark);
      return null;
    });
  }

  /**
   * {@link #open}s the catalog for queries: each table's plain name then reads only committed jobs' rows
   * ({@link JobsLedger#registerCommittedViews}).
   */
  public static void openForQueries(SparkSession spark) {
    open(spark);
    JobsLedger.registerCommittedViews(spark);
  }

  /**
   * {@link #open}s the catalog and runs a user's change to it ({@code sql --allow-writes}) on the tables
   * themselves, holding the lock that jobs' commits take.
   */
  public static void change(SparkSession spark, Runnable change) {
    open(spark);
    EmbeddedCatalogLock.holding(spark, () -> {
      change.run();
      return null;
    });
  }

  /**
   * Throws, naming {@code --warehouse}, unless the warehouse the tables' files go to can be written: for jobs that
   * would otherwise learn it at their first commit, an epoch or more in. (A catalog the user configured without
   * a warehouse setting is left to itself.)
   */
  public static void requireWritableWarehouse(SparkSession spark) {
    String warehouse = spark.conf().get(CATALOG_KEY + ".warehouse", null);
    if (warehouse != null) {
      Path path = new Path(warehouse);
      WriteProbe.require(SparkFileSystems.of(spark, path), path, "--warehouse");
    }
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
    return new CatalogWrite(spark, jobName, new JobIdentity(jobName + "-" + UUID.randomUUID(), runId, datasetId));
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
