package dev.miniplaces.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.augment.Normalization;
import dev.miniplaces.gradients.PgdAttack;
import dev.miniplaces.testing.LocalSpark;
import dev.miniplaces.testing.TrainedSynthModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PGD over the whole val split of a synthetic dataset (64 images), on local Spark, at three radii. */
class AdversarialJobTest {
  @TempDir static Path dir;
  private static SparkSession spark;
  private static TrainedSynthModel trained;
  private static AdversarialJob.Result result;
  private static String log;

  @BeforeAll
  static void attack() {
    spark = LocalSpark.get();
    trained = TrainedSynthModel.get();
    StringWriter out = new StringWriter();
    PgdAttack.Settings attack = new PgdAttack.Settings(10, 0.05, 0.1, PgdAttack.Target.LEAST_LIKELY, false, null);
    result = new AdversarialJob(spark, new PrintWriter(out, true)).run(new AdversarialJob.Request(trained.run(),
        trained.dataset(), "val", null, output("least-likely"), attack, List.of(0.0, 0.05, 0.5), 12, 1));
    log = out.toString();
  }

  private static org.apache.hadoop.fs.Path output(String name) {
    return new org.apache.hadoop.fs.Path(dir.resolve(name).toString());
  }

  private static Dataset<Row> images(String name) {
    return spark.read().parquet(dir.resolve(name).resolve(AdversarialJob.IMAGES).toString());
  }

  @Test
  void everyImageAtEveryRadiusStaysInsideItsBall() {
    Dataset<Row> rows = images("least-likely");
    assertThat(rows.count()).isEqualTo(3 * 64);
    assertThat(rows.select("image_id").distinct().count()).isEqualTo(64);
    assertThat(rows.where("linf > epsilon * (1 + 1e-6) + 1e-7").count()).as("rows outside the ball").isZero();
    assertThat(rows.where("epsilon = 0.5 AND linf < 0.49").count()).as("attacks that stopped short").isZero();
  }

  @Test
  void epsilonZeroChangesNothing() {
    Dataset<Row> unchanged = images("least-likely").where("epsilon = 0");
    assertThat(unchanged.where("linf != 0 OR clean_top5 != adversarial_top5").count()).isZero();
    AdversarialJob.Summary zero = result.summaries().get(0);
    assertThat(zero.adversarialTop1()).isEqualTo(zero.cleanTop1());
  }

  @Test
  void accuracyFallsSharplyAsTheBallGrows() {
    List<AdversarialJob.Summary> s = result.summaries();
    assertThat(s).extracting(AdversarialJob.Summary::epsilon).containsExactly(0.0, 0.05, 0.5);
    assertThat(s.get(0).cleanTop1()).as("clean top-1 is the run's best").isEqualTo(trained.bestTop1());
    // A 4-class model of 192 images: its figure at 0.5 moves with the training input (below half of clean top-1
    // before issue 19's one-pass augmentation, 51.6 % of 98.4 % after).
    assertThat(s.get(2).adversarialTop1()).as(log).isLessThan(s.get(0).cleanTop1() * 0.6);
    assertThat(s.get(0).successRate()).isZero();
    assertThat(s.get(2).successRate()).as("share of images now classed as their least likely class").isPositive();
    // Not "<= clean": pushed towards its least likely class, a misclassified image may land on its true one.
    assertThat(s.get(2).adversarialTop1()).isLessThan(s.get(1).adversarialTop1());
    assertThat(log).contains("PGD on", "target least-likely", "adv@1");
  }

  @Test
  void writesTheSummaryCurveAndGrids() {
    List<Row> summary = spark.read().parquet(dir.resolve("least-likely").resolve(AdversarialJob.SUMMARY)
        .toString()).orderBy("epsilon").collectAsList();
    assertThat(summary).hasSize(3);
    Row last = summary.get(2);
    assertThat(last.<String>getAs("target")).isEqualTo("least-likely");
    assertThat(last.<Integer>getAs("steps")).isEqualTo(10);
    assertThat(last.<Long>getAs("images")).isEqualTo(64);
    assertThat(last.<Double>getAs("max_linf")).isLessThanOrEqualTo(0.5 + 1e-6);
    assertThat(dir.resolve("least-likely").resolve(AdversarialJob.CURVE)).isNotEmptyFile();
    assertThat(dir.resolve("least-likely").resolve("grids")).isDirectoryContaining("glob:**/samples-eps0.5.png");
  }

  @Test
  void untargetedClampedAttackWithRandomStartStaysInsideItsBall() {
    float[][] range = Normalization.pixelRange();
    PgdAttack.Settings attack = new PgdAttack.Settings(5, 0.05, 0.2, PgdAttack.Target.UNTARGETED, true,
        new PgdAttack.PixelRange(range[0], range[1]));
    AdversarialJob.Result untargeted = new AdversarialJob(spark, new PrintWriter(new StringWriter()))
        .run(new AdversarialJob.Request(trained.run(), trained.dataset(), "val", null, output("untargeted"), attack,
            List.of(), 0, 7));

    Dataset<Row> rows = images("untargeted");
    assertThat(rows.count()).isEqualTo(64);
    assertThat(rows.where("linf > 0.2 * (1 + 1e-6) + 1e-7").count()).isZero();
    assertThat(rows.where("success != (adversarial_top5[0] != label)").count()).isZero();
    AdversarialJob.Summary s = untargeted.summaries().get(0);
    assertThat(s.adversarialTop1()).isLessThan(s.cleanTop1());
  }
}
