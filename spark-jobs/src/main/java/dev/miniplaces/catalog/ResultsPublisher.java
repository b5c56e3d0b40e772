package dev.miniplaces.catalog;

import dev.miniplaces.io.AtomicDirectory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A job's result tables published together, all or none: as Parquet folders in the job's output directory
 * (replaced as a whole, {@link AtomicDirectory}) and as tables of the results catalog. Tables are written to a
 * staging folder as the job goes; {@link #commit} appends them to the catalog and then publishes the folder, and
 * takes the catalog rows back if anything fails. Files such as PNG grids go straight into {@link #staging()}.
 */
public final class ResultsPublisher implements AutoCloseable {
  private final SparkSession spark;
  private final AtomicDirectory output;
  private final CatalogWrite catalog;
  /** Staged folder name to catalog table name. */
  private final Map<String, String> tables = new LinkedHashMap<>();

  private ResultsPublisher(SparkSession spark, AtomicDirectory output, CatalogWrite catalog) {
    this.spark = spark;
    this.output = output;
    this.catalog = catalog;
  }

  /**
   * @param job the job's name, which prefixes its id
   * @param runId the training run the results come from, or null
   * @param datasetId the dataset they come from
   */
  public static ResultsPublisher begin(SparkSession spark, FileSystem fs, Path output, String job, String runId,
      String datasetId) {
    return new ResultsPublisher(spark, AtomicDirectory.beginReplacing(fs, output, "--out"),
        ResultsCatalog.begin(spark, job, runId, datasetId));
  }

  public Path staging() {
    return output.staging();
  }

  /** Writes {@code rows} as the folder {@code folder} of the output, to go to catalog table {@code table}. */
  public Path table(String folder, String table, Dataset<Row> rows) {
    Path path = new Path(output.staging(), folder);
    rows.write().parquet(path.toString());
    tables.put(folder, table);
    return path;
  }

  /** The rows staged as {@code folder}, read back. */
  public Dataset<Row> staged(String folder) {
    return spark.read().parquet(new Path(output.staging(), folder).toString());
  }

  public ResultsCatalog.JobIdentity job() {
    return catalog.job();
  }

  /** Registers every staged table in the catalog, commits them together, then publishes the output folder. */
  public void commit() {
    try {
      for (Map.Entry<String, String> table : tables.entrySet()) {
        catalog.append(table.getValue(), staged(table.getKey()));
      }
      catalog.commit();
      output.commit();
    } catch (RuntimeException e) {
      catalog.rollback();
      throw e;
    }
  }

  /** Drops the staging folder unless committed. */
  @Override
  public void close() {
    output.abort();
  }
}
