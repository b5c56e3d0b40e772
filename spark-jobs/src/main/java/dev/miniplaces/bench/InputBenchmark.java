package dev.miniplaces.bench;

import dev.miniplaces.augment.Augmentation;
import dev.miniplaces.augment.Augmenter;
import dev.miniplaces.augment.FusedAugmenter;
import dev.miniplaces.augment.NchwBatch;
import dev.miniplaces.image.ImageDecoder;
import dev.miniplaces.image.ImageInspector;
import dev.miniplaces.image.RejectedImageException;
import dev.miniplaces.layout.ImageEncoder;
import dev.miniplaces.layout.Split;
import dev.miniplaces.recipe.Optimizer;
import dev.miniplaces.recipe.TrainingRecipe;
import dev.miniplaces.synth.SynthDatasetWriter;
import dev.miniplaces.synth.SynthSpec;
import dev.miniplaces.synth.SyntheticScenes;
import dev.miniplaces.train.PreparedBatches;
import dev.miniplaces.train.TrainingBatches.LabelledImage;
import dev.miniplaces.zoo.ModelSpec;
import dev.miniplaces.zoo.ModelZoo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training input pipeline against the one it replaced, in the same run, on synthetic scene JPEGs of the
 * training size with the reference augmentation:
 * <ul>
 *   <li>preparation: images/s of today's {@link PreparedBatches} on 1 and on N threads, against the single-thread
 *       path before it (strict decode, step-by-step Java2D {@link Augmenter}, then stacking), alternating;
 *   <li>training: images/s of a model fed by the pipeline against the same model fed batches made beforehand,
 *       alternating, to show whether preparation hides behind the training step.
 * </ul>
 */
public final class InputBenchmark {
  private static final long SEED = 1;
  private static final int CLASSES = 100;
  private static final int STEPS_PER_BLOCK = 5;
  /** Batches the measurements hold at once: one, but for the pre-made list, which copies its batches. */
  private static final int HELD = 1;

  private final PrintWriter out;

  public InputBenchmark(PrintWriter out) {
    this.out = out;
  }

  /** What to measure. */
  public record Settings(int images, int size, int batch, int maxThreads, int rounds, String model,
      int trainSteps) {}

  /**
   * Medians over the rounds: images/s of each path, and of the per-round ratios (this machine's speed drifts
   * between rounds; a ratio within a round does not): 1 thread / before, N threads / 1 thread, and training fed
   * by the pipeline / by pre-made batches.
   */
  public record Result(double before, double oneThread, double manyThreads, double perCore, double scaling,
      double training) {}

  public Result run(Settings settings) {
    Augmentation augmentation = Augmentation.reference(settings.size() * 5 / 4, settings.size());
    List<LabelledImage> images = sceneJpegs(settings.images(), settings.size());
    out.printf(Locale.ROOT, "Preparing %,d synthetic %dx%d JPEGs (%.1f KB each on average) in batches of %d with "
            + "the reference augmentation (%d -> %d); %d rounds after a warm-up, alternating%n", images.size(),
        settings.size(), settings.size(), images.stream().mapToInt(i -> i.image().length).average().orElse(0)
            / 1024, settings.batch(), augmentation.scaleSize(), augmentation.outputSize(), settings.rounds());
    PreparedBatches.Recipe recipe = new PreparedBatches.Recipe(new ImageDecoder(ImageInspector.DEFAULT_MAX_PIXELS),
        new FusedAugmenter(augmentation), CLASSES, SEED, 0);
    Augmenter before = new Augmenter(augmentation);

    double[] beforeRates = new double[settings.rounds()];
    double[] oneRates = new double[settings.rounds()];
    double[] manyRates = new double[settings.rounds()];
    double[] perCore = new double[settings.rounds()];
    double[] scaling = new double[settings.rounds()];
    for (int round = 0; round <= settings.rounds(); round++) {
      double b = rate(images.size(), () -> drain(beforeIssue19(images, recipe, before, settings.batch())));
      double one = rate(images.size(), () -> drain(pipeline(images, recipe, settings.batch(), 1)));
      double many = rate(images.size(), () -> drain(pipeline(images, recipe, settings.batch(),
          settings.maxThreads())));
      String label = round == 0 ? "warm-up" : "round " + round;
      out.printf(Locale.ROOT, "%-8s before %.0f  pipeline 1 thread %.0f  %d threads %.0f images/s  (%.2fx per core,"
          + " %.2fx from 1 to %d)%n", label, b, one, settings.maxThreads(), many, one / b, many / one,
          settings.maxThreads());
      out.flush();
      if (round > 0) {
        beforeRates[round - 1] = b;
        oneRates[round - 1] = one;
        manyRates[round - 1] = many;
        perCore[round - 1] = one / b;
        scaling[round - 1] = many / one;
      }
    }
    double training = settings.trainSteps() > 0 ? training(settings, images, recipe) : Double.NaN;
    return new Result(median(beforeRates), median(oneRates), median(manyRates), median(perCore), median(scaling),
        training);
  }

  /**
   * Pipeline-fed training against pre-made batches; the median ratio of the rounds. Each round alternates blocks
   * of {@value #STEPS_PER_BLOCK} steps, like a worker's averaging round: pre-made batches, then a fresh pipeline
   * over the block's images, as a Spark task starts one, so its first batch's wait counts as in training. Short
   * alternating blocks keep this machine's drift out of the ratio.
   */
  private double training(Settings settings, List<LabelledImage> images, PreparedBatches.Recipe recipe) {
    int threads = settings.maxThreads();
    ModelSpec spec = new ModelSpec(CLASSES, settings.size(), 1, DataType.FLOAT);
    TrainingRecipe schedule = new TrainingRecipe(Optimizer.SGD, 0.01, 0.9, 1e-4, 0, 1_000_000);
    ComputationGraph model = ModelZoo.get(settings.model()).build(spec, schedule::applyTo);
    int blocks = Math.max(1, settings.trainSteps() / STEPS_PER_BLOCK);
    int blockImages = STEPS_PER_BLOCK * settings.batch();
    List<LabelledImage> blockSource = images.subList(0, Math.min(images.size(), blockImages));
    List<DataSet> premade = new ArrayList<>();
    pipeline(blockSource, recipe, settings.batch(), threads).forEachRemaining(batch -> premade.add(batch.copy()));
    int perBlock = premade.stream().mapToInt(DataSet::numExamples).sum();
    out.printf(Locale.ROOT, "Training %s at %dx%d, batch %d, %d ND4J threads: %d blocks of %d steps a round, each "
            + "from pre-made batches then from a fresh pipeline (%d preparation threads)%n", settings.model(),
        settings.size(), settings.size(), settings.batch(), Nd4j.getEnvironment().maxMasterThreads(), blocks,
        premade.size(), threads);
    premade.forEach(model::fit); // warm-up
    pipeline(blockSource, recipe, settings.batch(), threads).forEachRemaining(model::fit);
    double[] ratios = new double[settings.rounds()];
    for (int round = 0; round < settings.rounds(); round++) {
      long premadeNanos = 0;
      long pipelineNanos = 0;
      for (int block = 0; block < blocks; block++) {
        long start = System.nanoTime();
        premade.forEach(model::fit);
        long middle = System.nanoTime();
        pipeline(blockSource, recipe, settings.batch(), threads).forEachRemaining(model::fit);
        pipelineNanos += System.nanoTime() - middle;
        premadeNanos += middle - start;
      }
      double fromPremade = blocks * perBlock / (premadeNanos / 1e9);
      double fromPipeline = blocks * perBlock / (pipelineNanos / 1e9);
      ratios[round] = fromPipeline / fromPremade;
      out.printf(Locale.ROOT, "round %d  pre-made batches %.1f  pipeline %.1f images/s  ratio %.3fx%n", round + 1,
          fromPremade, fromPipeline, ratios[round]);
      out.flush();
    }
    return median(ratios);
  }

  private static Iterator<DataSet> pipeline(List<LabelledImage> images, PreparedBatches.Recipe recipe, int batch,
      int threads) {
    return new PreparedBatches(images.iterator(), recipe, batch, threads, HELD, skipped -> {});
  }

  /**
   * The training input as it was before issue 19, in the training task's thread: the strict decode, the
   * step-by-step augmentation into a sample array, then the batch stacked from the samples.
   */
  private static Iterator<DataSet> beforeIssue19(List<LabelledImage> images, PreparedBatches.Recipe recipe,
      Augmenter augmenter, int batch) {
    Iterator<LabelledImage> source = images.iterator();
    ImageDecoder decoder = recipe.decoder();
    int size = augmenter.config().outputSize();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return source.hasNext();
      }

      @Override
      public DataSet next() {
        List<float[]> samples = new ArrayList<>(batch);
        List<Integer> labels = new ArrayList<>(batch);
        while (samples.size() < batch && source.hasNext()) {
          LabelledImage image = source.next();
          try {
            Random random = new Random(recipe.imageSeed(image.id()));
            samples.add(augmenter.augment(decoder.decodeRgb(image.image()), random));
            labels.add(image.label());
          } catch (RejectedImageException e) {
            // none of the benchmark's images
          }
        }
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, samples.size(), CLASSES);
        for (int i = 0; i < labels.size(); i++) {
          oneHot.putScalar(i, labels.get(i), 1f);
        }
        return new DataSet(NchwBatch.of(samples, size), oneHot);
      }
    };
  }

  /** Takes every batch, as a trainer that is done with each before the next would. */
  private static void drain(Iterator<DataSet> batches) {
    batches.forEachRemaining(batch -> { });
  }

  private static double rate(int images, Runnable work) {
    long start = System.nanoTime();
    work.run();
    return images / ((System.nanoTime() - start) / 1e9);
  }

  private static List<LabelledImage> sceneJpegs(int count, int size) {
    SyntheticScenes scenes = new SyntheticScenes(new SynthSpec(CLASSES, Math.max(1, (count + CLASSES - 1) / CLASSES),
        1, 1, size, SEED));
    ImageEncoder jpeg = ImageEncoder.jpeg(SynthDatasetWriter.JPEG_QUALITY);
    List<LabelledImage> images = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      images.add(new LabelledImage(i, jpeg.encode(scenes.render(Split.TRAIN, i)), scenes.labelOf(Split.TRAIN, i)));
    }
    return images;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
