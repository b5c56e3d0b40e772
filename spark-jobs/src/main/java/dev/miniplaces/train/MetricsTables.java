package dev.miniplaces.train;

import dev.miniplaces.io.AtomicDirectory;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A run's metrics as Parquet tables in its run directory, one folder per epoch so that each epoch's rows are
 * published at once ({@link AtomicDirectory}) and a resumed run rewrites, never duplicates, the epoch it redoes:
 * {@code metrics/iterations/epoch=N/} (iteration, epoch, loss, learning_rate) and {@code metrics/epochs/epoch=N/}
 * (accuracies in percent, seconds, images/s). Spark SQL reads each folder as one table partitioned by epoch:
 * {@code spark.read.parquet("RUN/metrics/epochs")}.
 */
public final class MetricsTables {
  static final String DIR = "metrics";
  static final String ITERATIONS = "iterations";
  static final String EPOCHS = "epochs";

  static final StructType ITERATION_SCHEMA = new StructType()
      .add("iteration", DataTypes.LongType, false)
      .add("loss", DataTypes.DoubleType, false)
      .add("learning_rate", DataTypes.DoubleType, false);

  static final StructType EPOCH_SCHEMA = new StructType()
      .add("train_top1", DataTypes.DoubleType, false)
      .add("train_top5", DataTypes.DoubleType, false)
      .add("val_top1", DataTypes.DoubleType, false)
      .add("val_top5", DataTypes.DoubleType, false)
      .add("seconds", DataTypes.DoubleType, false)
      .add("images_per_second", DataTypes.DoubleType, false);

  /** The same columns with the epoch, as a single table (the results catalog's) holds them. */
  static final StructType ITERATION_SCHEMA_WITH_EPOCH = new StructType()
      .add("iteration", DataTypes.LongType, false)
      .add("epoch", DataTypes.IntegerType, false)
      .add("loss", DataTypes.DoubleType, false)
      .add("learning_rate", DataTypes.DoubleType, false);

  static final StructType EPOCH_SCHEMA_WITH_EPOCH = new StructType(
      java.util.stream.Stream.concat(java.util.stream.Stream.of(DataTypes.createStructField("epoch",
          DataTypes.IntegerType, false)), java.util.Arrays.stream(EPOCH_SCHEMA.fields()))
          .toArray(org.apache.spark.sql.types.StructField[]::new));

  private final SparkSession spark;
  private final FileSystem fs;
  private final Path runDir;

  public MetricsTables(SparkSession spark, FileSystem fs, Path runDir) {
    this.spark = spark;
    this.fs = fs;
    this.runDir = runDir;
  }

  /** Publishes one epoch's rows: its logged iterations and its summary. */
  public void writeEpoch(TrainingMetrics.Epoch epoch, List<TrainingMetrics.Iteration> iterations) {
    List<Row> iterationRows = iterations.stream()
        .map(i -> RowFactory.create(i.iteration(), i.loss(), i.learningRate())).toList();
    publish(ITERATIONS, epoch.epoch(), iterationRows, ITERATION_SCHEMA);
    publish(EPOCHS, epoch.epoch(), List.of(RowFactory.create(epoch.trainTop1(), epoch.trainTop5(), epoch.valTop1(),
        epoch.valTop5(), epoch.seconds(), epoch.imagesPerSecond())), EPOCH_SCHEMA);
  }

  /** The logged iterations of epochs 1 to {@code lastEpoch}, in order (a resumed run's history). */
  public List<TrainingMetrics.Iteration> iterations(int lastEpoch) {
    return rows(ITERATIONS, lastEpoch, "iteration").stream().map(r -> new TrainingMetrics.Iteration(
        r.getLong(0), r.getInt(r.fieldIndex("epoch")), r.getDouble(1), r.getDouble(2))).toList();
  }

  /** The summaries of epochs 1 to {@code lastEpoch}, in order. */
  public List<TrainingMetrics.Epoch> epochs(int lastEpoch) {
    return rows(EPOCHS, lastEpoch, "epoch").stream().map(r -> new TrainingMetrics.Epoch(r.getInt(
        r.fieldIndex("epoch")), r.getDouble(0), r.getDouble(1), r.getDouble(2), r.getDouble(3), r.getDouble(4),
        r.getDouble(5))).toList();
  }

  private List<Row> rows(String name, int lastEpoch, String orderBy) {
    try {
      if (lastEpoch < 1 || !fs.exists(table(name))) {
        return List.of();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return spark.read().parquet(table(name).toString()).where(functions.col("epoch").leq(lastEpoch))
        .orderBy(orderBy).collectAsList();
  }

  /** The folder Spark SQL reads as the table {@code name} ({@value #ITERATIONS} or {@value #EPOCHS}). */
  public Path table(String name) {
    return new Path(new Path(runDir, DIR), name);
  }

  private void publish(String table, int epoch, List<Row> rows, StructType schema) {
    AtomicDirectory out = AtomicDirectory.begin(fs, new Path(table(table), "epoch=" + epoch));
    try {
      spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.ErrorIfExists)
          .parquet(out.staging().toString());
      out.commit();
    } finally {
      out.abort();
    }
  }
}
