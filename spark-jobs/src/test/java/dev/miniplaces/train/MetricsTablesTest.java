package dev.miniplaces.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.testing.LocalSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics tables as Spark SQL reads them back, including an epoch written twice (a resumed run). */
class MetricsTablesTest {
  @TempDir Path dir;

  @Test
  void epochsAndIterationsReadBackAsPartitionedTablesWithoutDuplicates() throws Exception {
    SparkSession spark = LocalSpark.get();
    MetricsTables tables = new MetricsTables(spark, FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(dir.toString()));
    List<TrainingMetrics.Iteration> first = List.of(new TrainingMetrics.Iteration(0, 1, 4.6, 0.1),
        new TrainingMetrics.Iteration(10, 1, 4.1, 0.099));
    tables.writeEpoch(new TrainingMetrics.Epoch(1, 10, 30, 12, 33, 60, 800), first);
    tables.writeEpoch(new TrainingMetrics.Epoch(2, 20, 45, 22, 47, 58, 830),
        List.of(new TrainingMetrics.Iteration(20, 2, 3.9, 0.095)));
    // A run resumed from epoch 1 redoes epoch 2: its rows replace the earlier ones.
    tables.writeEpoch(new TrainingMetrics.Epoch(2, 21, 46, 23, 48, 57, 840),
        List.of(new TrainingMetrics.Iteration(20, 2, 3.8, 0.095)));

    spark.read().parquet(tables.table(MetricsTables.EPOCHS).toString()).createOrReplaceTempView("epochs");
    spark.read().parquet(tables.table(MetricsTables.ITERATIONS).toString()).createOrReplaceTempView("iterations");
    List<Row> epochs = spark.sql("SELECT epoch, val_top1, images_per_second FROM epochs ORDER BY epoch")
        .collectAsList();
    List<Row> iterations = spark.sql("SELECT iteration, epoch, loss FROM iterations ORDER BY iteration")
        .collectAsList();

    assertThat(epochs).extracting(Row::toString).containsExactly("[1,12.0,800.0]", "[2,23.0,840.0]");
    assertThat(iterations).extracting(Row::toString)
        .containsExactly("[0,1,4.6]", "[10,1,4.1]", "[20,2,3.8]");
  }
}
