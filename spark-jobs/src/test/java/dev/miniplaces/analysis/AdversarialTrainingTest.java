package dev.miniplaces.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.augment.Augmentation;
import dev.miniplaces.gradients.PgdAttack;
import dev.miniplaces.testing.LocalSpark;
import dev.miniplaces.testing.TrainedSynthModel;
import dev.miniplaces.train.AdversarialTraining;
import dev.miniplaces.train.TrainConfig;
import dev.miniplaces.train.TrainJob;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --adversarial-steps}: the same run as {@link TrainedSynthModel}'s, with every batch replaced by PGD
 * samples made on the executors, keeps a clearly higher accuracy under the reference's attack.
 */
class AdversarialTrainingTest {
  @TempDir Path dir;

  @Test
  void adversarialTrainingResistsTheAttackBetter() {
    SparkSession spark = LocalSpark.get();
    TrainedSynthModel normal = TrainedSynthModel.get();
    StringWriter trainLog = new StringWriter();
    TrainConfig config = new TrainConfig(normal.dataset().toString(), "vgg-small", 6, 32, 2, 2, 0.4, 0.9, 1e-4, 0,
        5, Augmentation.reference(40, 32), TrainedSynthModel.EVAL_SIZE, false, 2, 0)
        .withAdversarial(new AdversarialTraining(3, 0.5, 0.4, 1.0));
    org.apache.hadoop.fs.Path run = new org.apache.hadoop.fs.Path(dir.resolve("adversarial-run").toString());
    new TrainJob(spark, new PrintWriter(trainLog, true), 0).start(config, run);
    assertThat(trainLog.toString()).contains("adversarial training: 100% of each batch replaced by PGD samples");

    PgdAttack.Settings attack = new PgdAttack.Settings(10, 0.05, 0.5, PgdAttack.Target.LEAST_LIKELY, false, null);
    AdversarialJob.Summary plain = attack(spark, normal.run(), normal.dataset(), attack, "plain");
    AdversarialJob.Summary robust = attack(spark, run, normal.dataset(), attack, "robust");

    String figures = String.format("normal: clean %.1f%%, attacked %.1f%%; adversarial: clean %.1f%%, attacked "
        + "%.1f%%", plain.cleanTop1(), plain.adversarialTop1(), robust.cleanTop1(), robust.adversarialTop1());
    System.out.println("AdversarialTrainingTest " + figures);
    assertThat(robust.adversarialTop1()).as(figures).isGreaterThanOrEqualTo(plain.adversarialTop1() + 20);
  }

  private AdversarialJob.Summary attack(SparkSession spark, org.apache.hadoop.fs.Path model,
      org.apache.hadoop.fs.Path data, PgdAttack.Settings attack, String name) {
    return new AdversarialJob(spark, new PrintWriter(new StringWriter())).run(new AdversarialJob.Request(model,
        data, "val", null, new org.apache.hadoop.fs.Path(dir.resolve(name).toString()), attack, List.of(), 0, 1))
        .summaries().get(0);
  }
}
