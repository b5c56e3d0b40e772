package dev.miniplaces.bench;

import dev.miniplaces.InvalidInputException;
import dev.miniplaces.spark.SparkFileSystems;
import dev.miniplaces.augment.Augmentation;
import dev.miniplaces.augment.FusedAugmenter;
import dev.miniplaces.dataset.DatasetMetadata;
import dev.miniplaces.image.ImageDecoder;
import dev.miniplaces.ingest.IngestConfig;
import dev.miniplaces.recipe.Optimizer;
import dev.miniplaces.recipe.TrainingRecipe;
import dev.miniplaces.train.DatasetSplits;
import dev.miniplaces.train.EpochOrder;
import dev.miniplaces.train.EpochOrder.RoundShape;
import dev.miniplaces.train.ParameterAveragingTrainer;
import dev.miniplaces.train.TrainingBatches;
import dev.miniplaces.train.TrainingBatches.LabelledImage;
import dev.miniplaces.zoo.ModelSpec;
import dev.miniplaces.zoo.ModelZoo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Parameter averaging on Spark against a single-process DL4J fit of the same model, images and augmentation:
 * epochs of the train split, alternating the two, images/s of each and their ratio. The single process decodes
 * and augments on a pool of the driver's cores while ND4J trains on all of them; Spark trains one model per task.
 * Run it with executors on the same cores as the driver (e.g. a 2-worker, 1-core standalone cluster on this
 * machine), so both sides have the same hardware.
 */
public final class TrainingBenchmark {
  private final SparkSession spark;
  private final PrintWriter out;

  public TrainingBenchmark(SparkSession spark, PrintWriter out) {
    this.spark = spark;
    this.out = out;
  }

  /** What to train. */
  public record Settings(Path data, String model, int imageSize, int batchSizePerWorker, int averagingFrequency,
      int images, int rounds) {}

  /** Images/s of each side per round, and the median ratio. */
  public record Result(double[] sparkImagesPerSecond, double[] singleImagesPerSecond, double medianRatio) {}

  public Result run(Settings settings) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int workers = sc.defaultParallelism();
    RoundShape shape = new RoundShape(workers, settings.batchSizePerWorker(), settings.averagingFrequency());
    DatasetMetadata metadata = DatasetMetadata.read(SparkFileSystems.of(spark, settings.data()), settings.data());
    JavaRDD<LabelledImage> cached = DatasetSplits.cachedLabelledImages(spark, settings.data(), "train");
    long[] ids = Arrays.stream(DatasetSplits.ids(cached)).sorted().limit(settings.images()).toArray();
    if (ids.length < shape.globalBatch()) {
      throw new InvalidInputException("The train split has " + ids.length + " images, fewer than one global batch ("
          + shape.globalBatch() + ")");
    }
    long lastId = ids[ids.length - 1];
    JavaRDD<LabelledImage> images = cached.filter(image -> image.id() <= lastId).cache();
    List<LabelledImage> local = images.collect();
    cached.unpersist(false);

    int numClasses = metadata.classes().size();
    Augmentation augmentation = Augmentation.reference(settings.imageSize() * 5 / 4, settings.imageSize());
    // Held at once: by the Spark workers 2 (no prefetch), by ComputationGraph.fit(iterator) 4, as it prefetches
    // two batches on its own thread, plus the one that thread is filling and the one being fitted.
    TrainingBatches batches = new TrainingBatches(new FusedAugmenter(augmentation),
        new ImageDecoder(IngestConfig.DEFAULT_MAX_PIXELS), numClasses, 1, 4);
    long iterationsPerEpoch = shape.iterationsPerEpoch(ids.length);
    TrainingRecipe recipe = new TrainingRecipe(Optimizer.SGD, 0.05, 0.9, 1e-4, 0,
        Math.toIntExact(iterationsPerEpoch * (settings.rounds() + 1)));
    ModelSpec spec = new ModelSpec(numClasses, settings.imageSize(), 1, DataType.FLOAT);
    ComputationGraph distributed = ModelZoo.get(settings.model()).build(spec, recipe::applyTo);
    ComputationGraph single = ModelZoo.get(settings.model()).build(spec, recipe::applyTo);
    ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(sc, distributed, batches, shape, 0, 1, null);

    out.printf(Locale.ROOT, "Training %s at %dx%d on %,d images, global batch %d: Spark %d workers x %d averaging "
            + "every %d steps, against one process (%d ND4J threads); round 0 warms up%n", settings.model(),
        settings.imageSize(), settings.imageSize(), ids.length, shape.globalBatch(), workers,
        shape.batchSizePerWorker(), shape.averagingFrequency(), Nd4j.getEnvironment().maxMasterThreads());
    double[] sparkRates = new double[settings.rounds()];
    double[] singleRates = new double[settings.rounds()];
    List<Double> ratios = new ArrayList<>();
    long iteration = 0;
    for (int round = 0; round <= settings.rounds(); round++) {
      int epoch = round;
      long start = System.nanoTime();
      iteration = trainer.trainEpoch(images, ids, epoch, iteration, (order, r, it) -> {});
      double sparkRate = iterationsPerEpoch * shape.globalBatch() / ((System.nanoTime() - start) / 1e9);

      start = System.nanoTime();
      EpochOrder order = EpochOrder.draw(ids, new RoundShape(1, shape.globalBatch(), 1), 1, epoch);
      // Decoding and augmentation ahead on a pool, as a single-process trainer would arrange it.
      DataSetIterator epochBatches = new ExistingDataSetIterator(batches.inProcess(local, order, epoch,
          Runtime.getRuntime().availableProcessors(), skipped -> {}));
      single.fit(epochBatches);
      double singleRate = order.images() / ((System.nanoTime() - start) / 1e9);

      if (round == 0) {
        out.printf(Locale.ROOT, "round 0 (warm-up)  Spark %.1f  single process %.1f images/s%n", sparkRate,
            singleRate);
        continue;
      }
      sparkRates[round - 1] = sparkRate;
      singleRates[round - 1] = singleRate;
      ratios.add(sparkRate / singleRate);
      out.printf(Locale.ROOT, "round %d  Spark %.1f  single process %.1f images/s  ratio %.2fx%n", round,
          sparkRate, singleRate, sparkRate / singleRate);
      out.flush();
    }
    double median = Nd4j.createFromArray(ratios.stream().mapToDouble(Double::doubleValue).toArray())
        .medianNumber().doubleValue();
    out.printf(Locale.ROOT, "Spark parameter averaging / single process: %.2fx (median of %d rounds)%n", median,
        ratios.size());
    out.flush();
    images.unpersist(false);
    return new Result(sparkRates, singleRates, median);
  }

}
