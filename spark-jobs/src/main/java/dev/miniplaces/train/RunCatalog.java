package dev.miniplaces.train;

import dev.miniplaces.catalog.CatalogWrite;
import dev.miniplaces.catalog.ResultsCatalog;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's rows in the results catalog: {@value #EPOCHS} and {@value #ITERATIONS} appended after every epoch (as
 * the run directory's metrics tables are), and a row of {@value #RUNS} when a run (or a resumed part of it) ends.
 * A resumed run first removes its rows of the epochs it redoes, so no epoch appears twice.
 */
final class RunCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(RunCatalog.class);
  static final String EPOCHS = "epoch_metrics";
  static final String ITERATIONS = "iteration_metrics";
  static final String RUNS = "runs";

  static final StructType RUN_SCHEMA = new StructType()
      .add("run_dir", DataTypes.StringType, false)
      .add("model", DataTypes.StringType, false)
      .add("started_at", DataTypes.StringType, false)
      .add("finished_at", DataTypes.StringType, false)
      .add("from_epoch", DataTypes.IntegerType, false)
      .add("epochs", DataTypes.IntegerType, false)
      .add("iterations", DataTypes.LongType, false)
      .add("best_val_top1", DataTypes.DoubleType, false)
      .add("configuration", DataTypes.StringType, false);

  private final SparkSession spark;
  private final String runId;
  private final String datasetId;

  RunCatalog(SparkSession spark, String runId, String datasetId) {
    ResultsCatalog.open(spark);
    this.spark = spark;
    this.runId = runId;
    this.datasetId = datasetId;
  }

  /**
   * Removes this run's metrics of the epochs after {@code epoch}: those a resumed run is about to redo. A session
   * without Iceberg's SQL extensions cannot delete rows; the run goes on and the redone epochs appear twice.
   */
  void forgetAfter(int epoch) {
    for (String name : List.of(EPOCHS, ITERATIONS)) {
      String table = ResultsCatalog.table(name);
      try {
        if (spark.catalog().tableExists(table)) {
          ResultsCatalog.deleteWhere(spark, table, "run_id = " + ResultsCatalog.literal(runId) + " AND epoch > "
              + epoch);
        }
      } catch (RuntimeException e) {
        LOG.warn("Could not remove run {}'s rows after epoch {} from {}: {}", runId, epoch, table, e.getMessage());
      }
    }
  }

  /** One epoch's summary and logged iterations, both or neither. */
  void epoch(TrainingMetrics.Epoch epoch, List<TrainingMetrics.Iteration> iterations) {
    CatalogWrite catalog = ResultsCatalog.begin(spark, "train", runId, datasetId);
    try {
      catalog.append(EPOCHS, spark.createDataFrame(List.of(RowFactory.create(epoch.epoch(), epoch.trainTop1(),
          epoch.trainTop5(), epoch.valTop1(), epoch.valTop5(), epoch.seconds(), epoch.imagesPerSecond())),
          MetricsTables.EPOCH_SCHEMA_WITH_EPOCH));
      List<Row> rows = iterations.stream().map(i -> RowFactory.create(i.iteration(), i.epoch(), i.loss(),
          i.learningRate())).toList();
      catalog.append(ITERATIONS, spark.createDataFrame(rows, MetricsTables.ITERATION_SCHEMA_WITH_EPOCH));
      catalog.commit();
    } catch (RuntimeException e) {
      catalog.rollback();
      throw e;
    }
  }

  void finished(TrainConfig config, Instant started, int fromEpoch, int epochs, long iterations, double best,
      String runDir) {
    CatalogWrite catalog = ResultsCatalog.begin(spark, "train", runId, datasetId);
    catalog.append(RUNS, spark.createDataFrame(List.of(RowFactory.create(runDir, config.model(), started.toString(),
        Instant.now().toString(), fromEpoch, epochs, iterations, best, config.toJson())), RUN_SCHEMA));
    catalog.commit();
  }
}
