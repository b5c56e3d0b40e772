package dev.miniplaces.catalog;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The catalog's table {@value #NAME}: one row per job whose rows are complete, appended after all of them. A job
 * appends its tables one Iceberg commit at a time, so a job killed between two appends leaves rows in some tables
 * and not in others; its row here is what makes them count. Readers keep the rows that match {@link #committed};
 * {@code miniplaces sql}, the notebooks and the demo read each table through {@link #registerCommittedViews}: a
 * job's rows appear in every table at once, with its ledger row, or in none.
 */
public final class JobsLedger {
  public static final String NAME = "jobs";
  static final StructType SCHEMA = new StructType()
      .add("job_id", DataTypes.StringType, false)
      .add("job", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType, true)
      .add("dataset_id", DataTypes.StringType, true)
      .add("tables", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("committed_at", DataTypes.TimestampType, false);

  private JobsLedger() {}

  /** A SQL condition that keeps the rows of committed jobs. */
  public static String committed() {
    return "job_id IN (SELECT job_id FROM " + ResultsCatalog.table(NAME) + ")";
  }

  /**
   * Makes each result table's plain name ({@code predictions}) a temporary view of its committed rows in this
   * session; temporary views come before catalog tables, so unqualified queries read only whole jobs.
   */
  public static void registerCommittedViews(SparkSession spark) {
    for (String table : resultTables(spark)) {
      spark.sql("CREATE OR REPLACE TEMPORARY VIEW `" + table + "` AS SELECT * FROM "
          + ResultsCatalog.table(table) + " WHERE " + committed());
    }
  }

  /**
   * Creates the ledger if missing. A warehouse from before the ledger gets one row for every job already in its
   * tables, in the same commit that creates it, so that its results stay visible.
   */
  static void ensureExists(SparkSession spark) {
    String ledger = ResultsCatalog.table(NAME);
    if (spark.catalog().tableExists(ledger)) {
      return;
    }
    try {
      jobsAlreadyInTables(spark).writeTo(ledger).tableProperty("format-version", "2")
          .tableProperty("commit.retry.num-retries", "20").create();
    } catch (TableAlreadyExistsException | AlreadyExistsException e) {
      // another job created it first
    }
  }

  /** Appends {@code job}'s row: from here on its rows in {@code tables} are visible. */
  static void record(SparkSession spark, String jobName, ResultsCatalog.JobIdentity job, List<String> tables) {
    Row row = RowFactory.create(job.jobId(), jobName, job.runId(), job.datasetId(), List.copyOf(tables),
        new Timestamp(System.currentTimeMillis()));
    try {
      spark.createDataFrame(List.of(row), SCHEMA).writeTo(ResultsCatalog.table(NAME)).append();
    } catch (NoSuchTableException e) {
      throw new IllegalStateException("The catalog has no " + NAME + " ledger: open it first", e);
    }
  }

  /** The catalog's tables that jobs write (rows with a {@code job_id}), the ledger aside. */
  private static List<String> resultTables(SparkSession spark) {
    List<String> tables = new ArrayList<>();
    for (Row row : spark.sql("SHOW TABLES IN " + ResultsCatalog.CATALOG + "." + ResultsCatalog.NAMESPACE)
        .collectAsList()) {
      String table = row.getString(row.fieldIndex("tableName"));
      if (!row.getBoolean(row.fieldIndex("isTemporary")) && !NAME.equals(table)
          && List.of(spark.table(ResultsCatalog.table(table)).columns()).contains("job_id")) {
        tables.add(table); // not a table someone made by hand in the catalog
      }
    }
    return tables;
  }

  private static Dataset<Row> jobsAlreadyInTables(SparkSession spark) {
    Dataset<Row> rows = null;
    for (String table : resultTables(spark)) {
      Dataset<Row> jobs = spark.table(ResultsCatalog.table(table))
          .select("job_id", "run_id", "dataset_id", "written_at").withColumn("table", functions.lit(table));
      rows = rows == null ? jobs : rows.unionByName(jobs);
    }
    if (rows == null) {
      return spark.createDataFrame(List.of(), SCHEMA);
    }
    return rows.groupBy("job_id").agg(
            functions.regexp_extract(functions.col("job_id"), "^(.*)-[0-9a-f-]{36}$", 1).as("job"),
            functions.first("run_id").as("run_id"), functions.first("dataset_id").as("dataset_id"),
            functions.sort_array(functions.collect_set("table")).as("tables"),
            functions.max("written_at").as("committed_at"))
        .select("job_id", "job", "run_id", "dataset_id", "tables", "committed_at");
  }
}
