package dev.miniplaces.testing;

import dev.miniplaces.augment.Augmentation;
import dev.miniplaces.synth.SynthSpec;
import dev.miniplaces.train.TrainConfig;
import dev.miniplaces.train.TrainJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small synthetic dataset (4 classes of 40x40 scenes: 192 train and 64 val images) and a vgg-small trained on
 * it well above chance, made once per test JVM for the tests that analyse a trained model.
 */
public final class TrainedSynthModel {
  /** The run's input size: scenes scaled to 40 and cropped to 32 in training, evaluated whole at 40. */
  public static final int EVAL_SIZE = 40;
  private static TrainedSynthModel instance;

  private final Path dataset;
  private final Path run;
  private final double bestTop1;

  private TrainedSynthModel(Path dataset, Path run, double bestTop1) {
    this.dataset = dataset;
    this.run = run;
    this.bestTop1 = bestTop1;
  }

  public static synchronized TrainedSynthModel get() {
    if (instance == null) {
      try {
        Path dir = Files.createTempDirectory("trained-synth");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
        Path dataset = SynthDatasets.ingested(dir, new SynthSpec(4, 48, 16, 0, 40, 7));
        Path run = dir.resolve("run");
        TrainConfig config = new TrainConfig(dataset.toString(), "vgg-small", 6, 32, 2, 2, 0.4, 0.9, 1e-4, 0, 5,
            Augmentation.reference(40, 32), EVAL_SIZE, false, 2, 0);
        TrainJob.Result result = new TrainJob(LocalSpark.get(), new PrintWriter(new StringWriter()), 0)
            .start(config, new org.apache.hadoop.fs.Path(run.toString()));
        instance = new TrainedSynthModel(dataset, run, result.bestTop1());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind
    }
  }

  public org.apache.hadoop.fs.Path dataset() {
    return new org.apache.hadoop.fs.Path(dataset.toString());
  }

  public org.apache.hadoop.fs.Path run() {
    return new org.apache.hadoop.fs.Path(run.toString());
  }

  /** Val top-1 of the run's best model, in percent. */
  public double bestTop1() {
    return bestTop1;
  }
}
