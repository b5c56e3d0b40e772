package dev.miniplaces.train;

import dev.miniplaces.InvalidInputException;
import dev.miniplaces.MiniplacesException;
import dev.miniplaces.augment.FusedAugmenter;
import dev.miniplaces.catalog.ResultsCatalog;
import dev.miniplaces.dataset.DatasetMetadata;
import dev.miniplaces.image.ImageDecoder;
import dev.miniplaces.io.OwnedFolders;
import dev.miniplaces.io.WriteProbe;
import dev.miniplaces.ingest.IngestConfig;
import dev.miniplaces.ops.Engine;
import dev.miniplaces.predict.Accuracy;
import dev.miniplaces.predict.BatchMemory;
import dev.miniplaces.predict.Predictor;
import dev.miniplaces.recipe.TrainingRecipe;
import dev.miniplaces.spark.ConsoleProgress;
import dev.miniplaces.spark.OffHeapLimit;
import dev.miniplaces.spark.SparkFileSystems;
import dev.miniplaces.train.Checkpoints.Checkpoint;
import dev.miniplaces.train.TrainingBatches.LabelledImage;
import dev.miniplaces.train.TrainingStatistics.Totals;
import dev.miniplaces.zoo.ModelSpec;
import dev.miniplaces.zoo.ModelZoo;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code miniplaces train}: a zoo model trained on an ingested dataset with dl4j-spark parameter averaging, one
 * averaging round per Spark job ({@link RoundTrainingMaster}), then after every epoch: validation top-1/top-5 on
 * the executors ({@link Predictor}), metrics tables, curves, a checkpoint and, when validation top-1 improves,
 * {@code model_best}. A run killed at any moment resumes from its last checkpoint and redoes only the epoch in
 * progress, with the same epoch orders, augmentation and schedule.
 */
public final class TrainJob {
  private final SparkSession spark;
  private final JavaSparkContext sc;
  private final PrintWriter out;
  private final long progressMillis;

  /**
   * @param progressMillis least time between two progress lines within an epoch (epoch summaries always print)
   */
  public TrainJob(SparkSession spark, PrintWriter out, long progressMillis) {
    this.spark = spark;
    this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.out = out;
    this.progressMillis = progressMillis;
  }

  /** What a finished run reports. */
  public record Result(int epochs, long iterations, double bestTop1, TrainingMetrics.Epoch last, Path runDir) {}

  /**
   * Starts a new run in {@code runDir}, or continues the unfinished run of the same configuration that it holds:
   * so that a re-attempt of the whole application (YARN's, after a lost driver) resumes by itself. A run of
   * another configuration, or a finished one, is refused.
   */
  public Result start(TrainConfig config, Path runDir) {
    // Saved with every checkpoint: a resume from another working directory must find the same dataset.
    Path data = new Path(config.data());
    TrainConfig qualified = config.withData(SparkFileSystems.of(spark, data).makeQualified(data).toString());
    FileSystem runFs = SparkFileSystems.of(spark, runDir);
    Checkpoints checkpoints = new Checkpoints(runFs, runDir);
    OwnedFolders.requireApart(runFs, runDir, "--out", new Path(qualified.data()), "the dataset");
    if (!checkpoints.any()) { // a run directory of an earlier version has checkpoints and no marker
      OwnedFolders.requireOwned(runFs, runDir, "--out");
    }
    requireWritable(runDir);
    if (!checkpoints.any()) {
      return run(qualified, runDir, Optional.empty());
    }
    Checkpoint latest = checkpoints.latest().orElseThrow();
    if (!latest.state().configuration().equals(qualified.toJson())) {
      throw new InvalidInputException("Run directory " + runDir + " already holds a run of another configuration: "
          + "continue it with --resume " + runDir + ", or give another --out");
    }
    if (latest.state().epoch() >= qualified.epochs()) {
      throw new InvalidInputException("Run directory " + runDir + " already holds this run, finished ("
          + latest.state().epoch() + " epochs): give another --out for a new one");
    }
    out.printf(Locale.ROOT, "%s holds this run, unfinished (%d of %d epochs): continuing it%n", runDir,
        latest.state().epoch(), qualified.epochs());
    return run(qualified, runDir, Optional.of(latest));
  }

  /** Continues the run in {@code runDir} from its last complete checkpoint, with the run's own configuration. */
  public Result resume(Path runDir) {
    Checkpoint checkpoint = new Checkpoints(SparkFileSystems.of(spark, runDir), runDir).latest().orElseThrow(() ->
        new InvalidInputException("Nothing to resume in " + runDir + ": it has no complete checkpoint under "
            + Checkpoints.CHECKPOINTS + "/ (a run killed during its first epoch starts again without --resume)"));
    TrainConfig config = TrainConfig.fromJson(checkpoint.state().configuration());
    requireWritable(runDir);
    return run(config, runDir, Optional.of(checkpoint));
  }

  /**
   * The run directory and the warehouse are first written after an epoch: find out now that they cannot be. The
   * run directory is marked as this program's, created if missing.
   */
  private void requireWritable(Path runDir) {
    FileSystem fs = SparkFileSystems.of(spark, runDir);
    WriteProbe.require(fs, runDir, "--out");
    try {
      OwnedFolders.mark(fs, runDir);
    } catch (IOException e) {
      throw new MiniplacesException("Cannot write to --out " + fs.makeQualified(runDir) + ": " + e.getMessage(), e);
    }
    ResultsCatalog.requireWritableWarehouse(spark);
  }

  private Result run(TrainConfig config, Path runDir, Optional<Checkpoint> from) {
    Engine.enableLayerHelpers(); // a restored network, too, runs on oneDNN
    Path data = new Path(config.data());
    DatasetMetadata metadata = DatasetMetadata.read(SparkFileSystems.of(spark, data), data);
    int numClasses = metadata.classes().size();
    from.ifPresent(checkpoint -> ModelClasses.require(checkpoint.model(), checkpoint.manifest(), metadata,
        data.toString(), "The run in " + runDir, "resume it on the dataset it began with, or start a new run"));
    JavaRDD<LabelledImage> train = DatasetSplits.cachedLabelledImages(spark, data, "train");
    long[] ids = DatasetSplits.ids(train);
    Dataset<Row> val = DatasetSplits.rows(spark, data, "val");

    EpochOrder.RoundShape shape = config.roundShape();
    long iterationsPerEpoch = shape.iterationsPerEpoch(ids.length);
    if (iterationsPerEpoch == 0) {
      throw new InvalidInputException("The train split of " + data + " has " + ids.length
          + " images, fewer than one batch of " + config.batchSize() + ": lower --batch-size");
    }
    TrainingRecipe recipe = config.recipe(iterationsPerEpoch);
    ModelManifest manifest = ModelManifest.of(config, metadata);
    ComputationGraph model = from.map(Checkpoint::model).orElseGet(() -> ModelZoo.get(config.model()).build(
        new ModelSpec(numClasses, config.augmentation().outputSize(), config.seed(), DataType.FLOAT),
        recipe::applyTo));
    int firstEpoch = from.map(c -> c.state().epoch()).orElse(0);
    long iteration = from.map(c -> c.state().iteration()).orElse(0L);
    double bestTop1 = from.map(c -> c.state().bestTop1()).orElse(Double.NEGATIVE_INFINITY);

    FileSystem runFs = SparkFileSystems.of(spark, runDir);
    Checkpoints checkpoints = new Checkpoints(runFs, runDir);
    MetricsTables tables = new MetricsTables(spark, runFs, runDir);
    RunCatalog catalog = new RunCatalog(spark, runFs.makeQualified(runDir).toString(), metadata.datasetId());
    catalog.forgetAfter(firstEpoch);
    Instant started = Instant.now();
    List<TrainingMetrics.Iteration> iterationRows = new ArrayList<>(tables.iterations(firstEpoch));
    List<TrainingMetrics.Epoch> epochRows = new ArrayList<>(tables.epochs(firstEpoch));

    TrainingBatches batches = new TrainingBatches(new FusedAugmenter(config.augmentation()), decoder(), numClasses,
        config.seed(), RoundTrainingMaster.batchesHeldByWorker(config.prefetchBatches()));
    ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(sc, model, batches, shape,
        config.prefetchBatches(), config.seed(), config.adversarial());
    TrainingStatistics statistics = trainer.statistics();
    OffHeapLimit offHeap = OffHeapLimit.of(spark.sparkContext());
    warnIfTrainingOverflows(model, config, shape, offHeap);
    BatchMemory valBatch = BatchMemory.plan(model, config.evalSize(), BatchMemory.Pass.INFERENCE, offHeap, null);
    Predictor predictor = new Predictor(decoder(), config.evalSize(), config.testTimeFlip(), 5,
        valBatch.batchSize());
    LongAccumulator undecodable = sc.sc().longAccumulator("undecodable images");

    out.printf(Locale.ROOT, "%s %s on %s: %,d train / %,d val images, %d classes; %d epochs of %,d iterations "
            + "(global batch %d = %d workers x %d, averaging every %d), %s at lr %.4g%s%n",
        from.isPresent() ? "Resuming" : "Training", config.model(), data, ids.length, metadata.splits()
            .getOrDefault("val", new DatasetMetadata.SplitSummary(0, 0, 0, 0)).images(), numClasses,
        config.epochs(), iterationsPerEpoch, config.batchSize(), shape.workers(), shape.batchSizePerWorker(),
        shape.averagingFrequency(), config.optimizer().optionName(), recipe.baseRate(),
        from.map(c -> String.format(Locale.ROOT, " (from epoch %d, iteration %,d)", c.state().epoch(),
            c.state().iteration())).orElse(""));
    if (config.adversarial() != null) {
      AdversarialTraining a = config.adversarial();
      out.printf(Locale.ROOT, "  adversarial training: %.0f%% of each batch replaced by PGD samples (%d steps of "
          + "%.4g, epsilon %.4g, untargeted, random start) made on the executors%n", 100 * a.fraction(), a.steps(),
          a.stepSize(), a.epsilon());
    }
    out.flush();

    TrainingMetrics.Epoch last = epochRows.isEmpty() ? null : epochRows.get(epochRows.size() - 1);
    long runStart = System.nanoTime();
    for (int epoch = firstEpoch; epoch < config.epochs(); epoch++) {
      int number = epoch + 1;
      EpochProgress progress = new EpochProgress(config, statistics, number, recipe, iteration, runStart,
          firstEpoch);
      iteration = trainer.trainEpoch(train, ids, epoch, iteration, progress::roundDone);
      double trainSeconds = (System.nanoTime() - progress.startNanos) / 1e9;
      Totals epochTotals = statistics.totals().minus(progress.start);
      Accuracy valAccuracy = Accuracy.of(predictor.predict(sc, model, val, undecodable));
      double seconds = (System.nanoTime() - progress.startNanos) / 1e9;
      last = new TrainingMetrics.Epoch(number, epochTotals.top1Percent(), epochTotals.top5Percent(),
          valAccuracy.top1(), valAccuracy.topK(), seconds, progress.order.images() / trainSeconds);
      out.printf(Locale.ROOT, "epoch %d/%d: loss %.4f, train top-1 %.2f%% top-5 %.2f%%, val top-1 %.2f%% "
              + "top-5 %.2f%% (%,d images), %.0f s, %.1f images/s%n", number, config.epochs(),
          epochTotals.meanLoss(), last.trainTop1(), last.trainTop5(), last.valTop1(), last.valTop5(),
          valAccuracy.examples(), seconds, last.imagesPerSecond());

      tables.writeEpoch(last, progress.rows);
      catalog.epoch(last, progress.rows);
      iterationRows.addAll(progress.rows);
      epochRows.add(last);
      TrainingCurves.write(runFs, runDir, iterationRows, epochRows);
      Checkpoints.State state = new Checkpoints.State(number, iteration, Math.max(bestTop1, last.valTop1()),
          config.toJson());
      if (last.valTop1() > bestTop1) {
        bestTop1 = last.valTop1();
        checkpoints.saveBest(model, state, manifest);
        out.printf(Locale.ROOT, "  new best val top-1: %s%n", new Path(runDir, Checkpoints.BEST));
      }
      checkpoints.save(model, state, manifest);
      out.flush();
    }
    train.unpersist(false);
    catalog.finished(config, started, firstEpoch, config.epochs(), iteration, bestTop1,
        runFs.makeQualified(runDir).toString());
    long skipped = undecodable.value() + trainer.undecodable();
    if (skipped > 0) {
      out.printf(Locale.ROOT, "Skipped %,d images that no longer decode (the dataset changed after ingest?)%n",
          skipped);
    }
    out.flush();
    return new Result(config.epochs(), iteration, bestTop1, last, runDir);
  }

  /** A worker's step that DL4J estimates above its task's off-heap share would stop with ND4J's OutOfMemoryError. */
  private void warnIfTrainingOverflows(ComputationGraph model, TrainConfig config, EpochOrder.RoundShape shape,
      OffHeapLimit offHeap) {
    long step = BatchMemory.trainingBytes(model, config.augmentation().outputSize(), shape.batchSizePerWorker());
    if (step > offHeap.perTask()) {
      out.printf(Locale.ROOT, "Warning: a worker's step of %d images needs about %s off-heap, more than a task's "
              + "share (%s: %s); raise it, or use more workers for the same --batch-size%n",
          shape.batchSizePerWorker(), OffHeapLimit.format(step), OffHeapLimit.format(offHeap.perTask()),
          offHeap.source());
    }
  }

  /** Per-round bookkeeping of one epoch: iteration-metric rows and throttled progress lines. */
  private final class EpochProgress {
    private final TrainConfig config;
    private final TrainingStatistics statistics;
    private final int number;
    private final TrainingRecipe recipe;
    private final Totals start;
    private final long runStartNanos;
    private final int firstEpoch;
    private final long startNanos = System.nanoTime();
    private final List<TrainingMetrics.Iteration> rows = new ArrayList<>();
    private Totals logStart;
    private long logStartIteration;
    private long lastPrintNanos = System.nanoTime();
    private EpochOrder order;

    EpochProgress(TrainConfig config, TrainingStatistics statistics, int number, TrainingRecipe recipe,
        long iteration, long runStartNanos, int firstEpoch) {
      this.config = config;
      this.statistics = statistics;
      Totals start = statistics.totals();
      this.number = number;
      this.recipe = recipe;
      this.start = start;
      this.logStart = start;
      this.logStartIteration = iteration;
      this.runStartNanos = runStartNanos;
      this.firstEpoch = firstEpoch;
    }

    void roundDone(EpochOrder order, int round, long iteration) {
      this.order = order;
      boolean last = round == order.rounds() - 1;
      Totals now = statistics.totals();
      if (iteration - logStartIteration >= config.logEvery() || last) {
        rows.add(new TrainingMetrics.Iteration(iteration, number, now.minus(logStart).meanLoss(),
            recipe.learningRate(iteration - 1)));
        logStart = now;
        logStartIteration = iteration;
      }
      if (System.nanoTime() - lastPrintNanos >= progressMillis * 1_000_000L || last) {
        print(round + 1, iteration, now.minus(start));
        lastPrintNanos = System.nanoTime();
      }
    }

    private void print(int roundsDone, long iteration, Totals epochSoFar) {
      double epochSeconds = (System.nanoTime() - startNanos) / 1e9;
      double imagesDone = epochSoFar.examples();
      double rate = imagesDone / Math.max(epochSeconds, 1e-9);
      double epochLeft = (order.images() - imagesDone) / Math.max(rate, 1e-9);
      double runSeconds = (System.nanoTime() - runStartNanos) / 1e9;
      double epochsDone = number - 1 - firstEpoch + imagesDone / order.images();
      double runLeft = runSeconds / epochsDone * (config.epochs() - (number - 1) - imagesDone / order.images());
      out.printf(Locale.ROOT, "epoch %d/%d  round %d/%d  iteration %,d  loss %.4f  lr %.4g  %.1f images/s  "
              + "ETA epoch %s, run %s%n", number, config.epochs(), roundsDone, order.rounds(), iteration,
          epochSoFar.meanLoss(), recipe.learningRate(iteration - 1), rate, duration(epochLeft), duration(runLeft));
      out.flush();
    }
  }

  private static String duration(double seconds) {
    return ConsoleProgress.formatDuration(java.time.Duration.ofSeconds((long) seconds));
  }

  private static ImageDecoder decoder() {
    return new ImageDecoder(IngestConfig.DEFAULT_MAX_PIXELS);
  }

}
