package dev.miniplaces.catalog;

import dev.miniplaces.MiniplacesException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's appends to the results catalog, made visible together by {@link #commit}. Each {@link #append} is
 * atomic (one Iceberg snapshot); the job's row in the {@link JobsLedger}, appended by {@link #commit} after all of
 * them, is what readers join on, so a job killed between two appends shows none of its rows. A job that fails
 * takes its rows back with {@link #rollback}. Every row gets the job's {@code job_id}, {@code run_id} and
 * {@code dataset_id}, and the time it was written.
 */
public final class CatalogWrite {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogWrite.class);

  private final SparkSession spark;
  private final String jobName;
  private final ResultsCatalog.JobIdentity job;
  /** Full names of the tables appended to. */
  private final List<String> appended = new ArrayList<>();
  private boolean committed;

  CatalogWrite(SparkSession spark, String jobName, ResultsCatalog.JobIdentity job) {
    this.spark = spark;
    this.jobName = jobName;
    this.job = job;
  }

  public ResultsCatalog.JobIdentity job() {
    return job;
  }

  /** Appends {@code rows} to table {@code name}, creating it on first use; new columns are added to it. */
  public void append(String name, Dataset<Row> rows) {
    String table = ResultsCatalog.table(name);
    Dataset<Row> tagged = rows
        .withColumn("run_id", functions.lit(job.runId()).cast("string"))
        .withColumn("dataset_id", functions.lit(job.datasetId()).cast("string"))
        .withColumn("job_id", functions.lit(job.jobId()))
        .withColumn("written_at", functions.current_timestamp());
    try {
      EmbeddedCatalogLock.holding(spark, () -> {
        createOrAppend(table, tagged);
        return null;
      });
      appended.add(table);
    } catch (RuntimeException e) {
      throw new MiniplacesException("Cannot append to catalog table " + table + ": " + e.getMessage(), e);
    }
  }

  private void createOrAppend(String table, Dataset<Row> rows) throws Exception {
    if (spark.catalog().tableExists(table)) {
      appendTo(table, rows);
      return;
    }
    try {
      // Concurrent jobs' commits retry on conflict; give busy machines more tries than Iceberg's 4.
      rows.writeTo(table).tableProperty("write.spark.accept-any-schema", "true")
          .tableProperty("format-version", "2").tableProperty("commit.retry.num-retries", "20").create();
    } catch (TableAlreadyExistsException | AlreadyExistsException e) {
      appendTo(table, rows); // another job created it first
    }
  }

  private static void appendTo(String table, Dataset<Row> rows) throws Exception {
    rows.writeTo(table).option("merge-schema", "true").append();
  }

  /** Makes every append of this job visible at once: its row in the {@link JobsLedger}. */
  public void commit() {
    List<String> names = appended.stream().map(t -> t.substring(t.lastIndexOf('.') + 1)).toList();
    try {
      EmbeddedCatalogLock.holding(spark, () -> {
        JobsLedger.record(spark, jobName, job, names);
        return null;
      });
      committed = true;
    } catch (RuntimeException e) {
      throw new MiniplacesException("Cannot commit job " + job.jobId() + " to the catalog's "
          + JobsLedger.NAME + " ledger: " + e.getMessage(), e);
    }
  }

  /** Removes this job's rows, ledger row included, from every table it appended to; failures are logged. */
  public void rollback() {
    List<String> tables = new ArrayList<>(appended);
    if (committed) {
      tables.add(0, ResultsCatalog.table(JobsLedger.NAME)); // hidden first, then removed
    }
    for (String table : tables) {
      try {
        ResultsCatalog.deleteWhere(spark, table, "job_id = " + ResultsCatalog.literal(job.jobId()));
      } catch (RuntimeException e) {
        LOG.error("Could not take back job {}'s rows from {}: {}", job.jobId(), table, e.getMessage());
      }
    }
    appended.clear();
    committed = false;
  }
}
