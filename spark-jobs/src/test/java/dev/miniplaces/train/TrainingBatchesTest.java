package dev.miniplaces.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.augment.Augmentation;
import dev.miniplaces.augment.Augmenter;
import dev.miniplaces.dataset.ImageTable;
import dev.miniplaces.image.ImageDecoder;
import dev.miniplaces.ingest.IngestConfig;
import dev.miniplaces.ingest.IngestJob;
import dev.miniplaces.layout.Split;
import dev.miniplaces.testing.ExpectedOutcomes;
import dev.miniplaces.testing.Fixtures;
import dev.miniplaces.testing.LocalSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/** Batches of the real fixture's train split, decoded and augmented on local Spark executors. */
class TrainingBatchesTest {
  @TempDir static Path dir;
  private static SparkSession spark;
  private static Dataset<Row> train;
  private static long expectedImages;

  @BeforeAll
  static void ingestTheFixture() {
    spark = LocalSpark.get();
    Path output = dir.resolve("dataset");
    new IngestJob(spark, new PrintWriter(new StringWriter())).run(new IngestConfig(
        new org.apache.hadoop.fs.Path(Fixtures.miniplacesTiny().toString()),
        new org.apache.hadoop.fs.Path(output.toString()), EnumSet.of(Split.TRAIN), null, 42,
        IngestConfig.DEFAULT_MAX_PIXELS));
    train = spark.read().parquet(output.toString()).where(ImageTable.SPLIT + " = 'train'").repartition(2).cache();
    expectedImages = ExpectedOutcomes.read(Fixtures.miniplacesTiny()).accepted().stream()
        .filter(o -> o.split().equals("train")).count();
  }

  private static TrainingBatches batches(long seed) {
    return new TrainingBatches(new Augmenter(Augmentation.reference(40, 32)),
        new ImageDecoder(IngestConfig.DEFAULT_MAX_PIXELS), 100, 3, seed);
  }

  private static List<DataSet> epoch(TrainingBatches batches, int epoch) {
    LongAccumulator undecodable = spark.sparkContext().longAccumulator();
    List<DataSet> result = batches.epoch(train, epoch, undecodable).collect();
    assertThat(undecodable.value()).isZero();
    return result;
  }

  @Test
  void everyImageOnceAsNormalisedSamplesWithOneHotLabels() {
    List<DataSet> epoch = epoch(batches(1), 0);

    assertThat(epoch.stream().mapToInt(DataSet::numExamples).sum()).isEqualTo(expectedImages);
    for (DataSet batch : epoch) {
      assertThat(batch.numExamples()).isBetween(1, 3);
      assertThat(batch.getFeatures().shape()).containsExactly(batch.numExamples(), 3, 32, 32);
      assertThat(batch.getLabels().sum(1).toDoubleVector()).containsOnly(1.0);
      assertThat(batch.getFeatures().maxNumber().doubleValue()).isLessThanOrEqualTo(2.7);
      assertThat(batch.getFeatures().minNumber().doubleValue()).isGreaterThanOrEqualTo(-2.2);
    }
  }

  @Test
  void anEpochIsReproducibleAndTheNextOneDiffers() {
    List<DataSet> first = epoch(batches(1), 0);
    List<DataSet> again = epoch(batches(1), 0);
    List<DataSet> next = epoch(batches(1), 1);

    assertThat(again).hasSameSizeAs(first);
    for (int i = 0; i < first.size(); i++) {
      assertThat(again.get(i).getFeatures()).isEqualTo(first.get(i).getFeatures());
      assertThat(again.get(i).getLabels()).isEqualTo(first.get(i).getLabels());
    }
    assertThat(next.get(0).getFeatures()).isNotEqualTo(first.get(0).getFeatures());
  }
}
