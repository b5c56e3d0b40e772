package dev.miniplaces.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.augment.Augmentation;
import dev.miniplaces.augment.FusedAugmenter;
import dev.miniplaces.dataset.ImageTable;
import dev.miniplaces.image.ImageDecoder;
import dev.miniplaces.ingest.IngestConfig;
import dev.miniplaces.ingest.IngestJob;
import dev.miniplaces.layout.Split;
import dev.miniplaces.spark.RecordsRead;
import dev.miniplaces.testing.ExpectedOutcomes;
import dev.miniplaces.testing.Fixtures;
import dev.miniplaces.testing.LocalSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/** Rounds of mini-batches of the real fixture's train split, decoded and augmented on local Spark executors. */
class TrainingBatchesTest {
  @TempDir static Path dir;
  private static SparkSession spark;
  private static JavaRDD<TrainingBatches.LabelledImage> images;
  private static long expectedImages;

  @BeforeAll
  static void ingestTheFixture() {
    spark = LocalSpark.get();
    Path output = dir.resolve("dataset");
    new IngestJob(spark, new PrintWriter(new StringWriter())).run(new IngestConfig(
        new org.apache.hadoop.fs.Path(Fixtures.miniplacesTiny().toString()),
        new org.apache.hadoop.fs.Path(output.toString()), EnumSet.of(Split.TRAIN), null, 42,
        IngestConfig.DEFAULT_MAX_PIXELS));
    images = spark.read().parquet(output.toString()).where(ImageTable.SPLIT + " = 'train'").repartition(3)
        .select(ImageTable.IMAGE_ID, ImageTable.IMAGE, ImageTable.LABEL).javaRDD()
        .map(r -> new TrainingBatches.LabelledImage(r.getLong(0), (byte[]) r.get(1), r.getInt(2))).cache();
    expectedImages = ExpectedOutcomes.read(Fixtures.miniplacesTiny()).accepted().stream()
        .filter(o -> o.split().equals("train")).count();
  }

  private static final EpochOrder.RoundShape SHAPE = new EpochOrder.RoundShape(2, 3, 2);

  private static TrainingBatches batches(long seed) {
    // glom() keeps a whole partition's batches: room for all of them, so batch memory is never reused.
    return new TrainingBatches(new FusedAugmenter(Augmentation.reference(40, 32)),
        new ImageDecoder(IngestConfig.DEFAULT_MAX_PIXELS), 100, seed, 1000);
  }

  /** Every round of an epoch, each as its partitions' batches. */
  private static List<List<List<DataSet>>> epoch(TrainingBatches batches, int epoch) {
    return epoch(batches, epoch, SHAPE);
  }

  private static List<List<List<DataSet>>> epoch(TrainingBatches batches, int epoch, EpochOrder.RoundShape shape) {
    long[] ids = images.map(TrainingBatches.LabelledImage::id).collect().stream().mapToLong(Long::longValue)
        .toArray();
    EpochOrder order = EpochOrder.draw(ids, shape, 9, epoch);
    var broadcast = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(order);
    LongAccumulator undecodable = spark.sparkContext().longAccumulator();
    List<List<List<DataSet>>> rounds = new ArrayList<>();
    TrainingBatches.Epoch planned = batches.epoch(images, broadcast, epoch, undecodable);
    for (int round = 0; round < order.rounds(); round++) {
      rounds.add(planned.round(round).glom().collect());
    }
    assertThat(undecodable.value()).isZero();
    return rounds;
  }

  @Test
  void everyRoundGivesEachWorkerWholeBatchesOfNormalisedSamples() {
    List<List<List<DataSet>>> rounds = epoch(batches(1), 0);

    long used = expectedImages / 6 * 6; // the last partial global batch (of 6) is dropped
    assertThat(rounds).hasSize((int) ((used + 11) / 12));
    assertThat(rounds.stream().flatMap(List::stream).flatMap(List::stream).mapToInt(DataSet::numExamples).sum())
        .isEqualTo(used);
    for (List<List<DataSet>> round : rounds) {
      assertThat(round).as("one partition per worker").hasSize(2);
      assertThat(round.get(0)).hasSameSizeAs(round.get(1)).hasSizeBetween(1, 2);
      for (DataSet batch : round.stream().flatMap(List::stream).toList()) {
        assertThat(batch.getFeatures().shape()).containsExactly(3, 3, 32, 32);
        assertThat(batch.getLabels().sum(1).toDoubleVector()).containsOnly(1.0);
        assertThat(batch.getFeatures().maxNumber().doubleValue()).isLessThanOrEqualTo(2.7);
        assertThat(batch.getFeatures().minNumber().doubleValue()).isGreaterThanOrEqualTo(-2.2);
      }
    }
  }

  @Test
  void anEpochIsReproducibleAndTheNextOneDiffers() {
    List<DataSet> first = flat(epoch(batches(1), 0));
    List<DataSet> again = flat(epoch(batches(1), 0));
    List<DataSet> next = flat(epoch(batches(1), 1));

    assertThat(again).hasSameSizeAs(first);
    for (int i = 0; i < first.size(); i++) {
      assertThat(again.get(i).getFeatures()).isEqualTo(first.get(i).getFeatures());
      assertThat(again.get(i).getLabels()).isEqualTo(first.get(i).getLabels());
    }
    assertThat(next.get(0).getFeatures()).isNotEqualTo(first.get(0).getFeatures());
  }

  @Test
  void anEpochReadsEachImageOnceFromTheCacheAndOnceFromTheShuffleWhateverItsRounds() throws Exception {
    EpochOrder.RoundShape small = new EpochOrder.RoundShape(2, 1, 1); // many rounds of 2 images
    long used = expectedImages / 2 * 2;
    try (RecordsRead read = RecordsRead.register(spark.sparkContext())) {
      List<List<List<DataSet>>> rounds = epoch(batches(1), 0, small);
      spark.sparkContext().listenerBus().waitUntilEmpty();

      assertThat(rounds.size()).as("rounds").isGreaterThanOrEqualTo(3);
      // The ids the epoch order is drawn from, then the epoch's one pass: not one pass per round.
      assertThat(read.input()).isEqualTo(2 * expectedImages);
      assertThat(read.shuffle()).isEqualTo(used);
    }
  }

  private static List<DataSet> flat(List<List<List<DataSet>>> rounds) {
    return rounds.stream().flatMap(List::stream).flatMap(List::stream).toList();
  }
}
