package dev.miniplaces.analysis;

import dev.miniplaces.augment.NchwBatch;
import dev.miniplaces.augment.Normalization;
import dev.miniplaces.catalog.ResultsPublisher;
import dev.miniplaces.charts.LineCharts;
import dev.miniplaces.dataset.DatasetMetadata;
import dev.miniplaces.gradients.InputGradientGraph;
import dev.miniplaces.gradients.PgdAttack;
import dev.miniplaces.image.ImageDecoder;
import dev.miniplaces.ingest.IngestConfig;
import dev.miniplaces.predict.BatchMemory;
import dev.miniplaces.predict.EvaluateJob;
import dev.miniplaces.predict.EvaluationBatches;
import dev.miniplaces.predict.ModelAndDataset;
import dev.miniplaces.predict.ModelBroadcast;
import dev.miniplaces.predict.TopK;
import dev.miniplaces.predict.TrainedModel;
import dev.miniplaces.spark.ConsoleProgress;
import dev.miniplaces.spark.LiveAccumulator;
import dev.miniplaces.spark.OffHeapLimit;
import dev.miniplaces.spark.SparkFileSystems;
import dev.miniplaces.train.DatasetSplits;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code miniplaces adversarial}: a PGD attack ({@link PgdAttack}) on every image of a split, on the executors,
 * at one or several ε, published together in one folder and (the two tables) in the results catalog: {@value #IMAGES} (per image and ε: clean and
 * adversarial top-5, the perturbation's L∞ norm, success), {@value #SUMMARY} (per ε: clean and adversarial
 * top-1/top-5 with the attack's parameters), {@code robustness.png} (accuracy against ε) and PNG grids of clean
 * and adversarial images under {@value #GRIDS}/.
 */
public final class AdversarialJob {
  public static final String IMAGES = "adversarial";
  public static final String SUMMARY = "adversarial_summary";
  public static final String GRIDS = "grids";
  public static final String CURVE = "robustness.png";

  static final StructType IMAGE_SCHEMA = new StructType()
      .add("image_id", DataTypes.LongType, false)
      .add("label", DataTypes.IntegerType, true)
      .add("epsilon", DataTypes.DoubleType, false)
      .add("target_class", DataTypes.IntegerType, false)
      .add("clean_top5", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("clean_top5_probabilities", DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add("adversarial_top5", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("adversarial_top5_probabilities", DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add("clean_correct_top1", DataTypes.BooleanType, true)
      .add("clean_correct_top5", DataTypes.BooleanType, true)
      .add("adversarial_correct_top1", DataTypes.BooleanType, true)
      .add("adversarial_correct_top5", DataTypes.BooleanType, true)
      .add("linf", DataTypes.FloatType, false)
      .add("success", DataTypes.BooleanType, false);

  private final SparkSession spark;
  private final PrintWriter out;

  public AdversarialJob(SparkSession spark, PrintWriter out) {
    this.spark = spark;
    this.out = out;
  }

  /**
   * @param attack the attack; its ε is replaced by each of {@code epsilons}
   * @param epsilons the ε to run, in order; the attack's own if empty
   * @param seed seeds the random start of each image (with its id) and picks the grids' images
   * @param batchMemory off-heap bytes a task's batches may use; null: {@link BatchMemory}'s default
   */
  public record Request(Path model, Path data, String split, Integer evalSize, Path output,
      PgdAttack.Settings attack, List<Double> epsilons, int gridImages, long seed, Long batchMemory) {
    public Request(Path model, Path data, String split, Integer evalSize, Path output, PgdAttack.Settings attack,
        List<Double> epsilons, int gridImages, long seed) {
      this(model, data, split, evalSize, output, attack, epsilons, gridImages, seed, null);
    }


    List<Double> epsilonsToRun() {
      return epsilons == null || epsilons.isEmpty() ? List.of(attack.epsilon()) : List.copyOf(epsilons);
    }
  }

  /** One ε's accuracies in percent, over the labelled images. */
  public record Summary(double epsilon, long images, double cleanTop1, double cleanTop5, double adversarialTop1,
      double adversarialTop5, double successRate, double maxLinf) {}

  public record Result(List<Summary> summaries, Path output) {}

  public Result run(Request request) {
    ModelAndDataset inputs = ModelAndDataset.open(spark, request.model(), request.data(), request.evalSize(),
        request.output(), out);
    TrainedModel trained = inputs.trained();
    DatasetMetadata metadata = inputs.metadata();
    int size = inputs.evalSize();
    List<Double> epsilons = request.epsilonsToRun();
    Dataset<Row> rows = DatasetSplits.rows(spark, request.data(), request.split());
    long total = rows.count() * epsilons.size();

    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    LongAccumulator undecodable = sc.sc().longAccumulator("undecodable images");
    Broadcast<ModelBroadcast> model = sc.broadcast(new ModelBroadcast(trained.model()));
    BatchMemory memory = BatchMemory.plan(trained.model(), size, BatchMemory.Pass.GRADIENTS,
        OffHeapLimit.of(spark.sparkContext()), request.batchMemory());
    out.printf(Locale.ROOT, "Attacking in %s%n", memory.describe(size));
    out.flush();
    EvaluationBatches batches = new EvaluationBatches(new ImageDecoder(IngestConfig.DEFAULT_MAX_PIXELS), size,
        memory.batchSize(), false);
    PgdAttack.Settings attack = request.attack();
    long seed = request.seed();

    FileSystem fs = SparkFileSystems.of(spark, request.output());
    List<Summary> summaries;
    try (ResultsPublisher results = ResultsPublisher.begin(spark, fs, request.output(), "adversarial",
        trained.runId(), metadata.datasetId())) {
      try (LiveAccumulator done = LiveAccumulator.register(spark.sparkContext(), "attacked images");
          ConsoleProgress progress = new ConsoleProgress("adversarial", "attacks", total, done::value, out,
              Duration.ofSeconds(10))) {
        LongAccumulator counter = done.accumulator();
        JavaRDD<Row> attacked = rows.javaRDD().mapPartitions(partition -> {
          InputGradientGraph graph = InputGradientGraph.of(model.value().rebuild());
          return batches.flatMap(partition, undecodable, batch -> {
            List<Row> result = new ArrayList<>();
            for (double epsilon : epsilons) {
              result.addAll(attackRows(graph, new PgdAttack(attack.withEpsilon(epsilon)), batch, seed));
              counter.add(batch.size());
            }
            return result;
          });
        });
        results.table(IMAGES, IMAGES, withAttack(spark.createDataFrame(attacked, IMAGE_SCHEMA), request));
      }
      Dataset<Row> images = results.staged(IMAGES);
      summaries = summarise(images, epsilons);
      results.table(SUMMARY, SUMMARY, spark.createDataFrame(summaryRows(summaries, request, trained, metadata),
          SUMMARY_SCHEMA).coalesce(1));
      if (epsilons.size() > 1) {
        LineCharts.save(fs, new Path(results.staging(), CURVE), robustnessChart(summaries, attack));
      }
      drawGrids(fs, images, trained.model(), request, size, memory.batchSize(),
          new SplitImages(spark, request.data(), request.split(), metadata), new Path(results.staging(), GRIDS));
      results.commit();
    } finally {
      model.destroy();
    }
    print(request, trained, size, summaries, undecodable.value());
    return new Result(summaries, request.output());
  }

  /** The attack's settings as columns of each image's row, so that catalog rows say what attacked them. */
  private static Dataset<Row> withAttack(Dataset<Row> rows, Request request) {
    PgdAttack.Settings a = request.attack();
    return rows.withColumn("split", functions.lit(request.split()))
        .withColumn("target", functions.lit(targetName(a)))
        .withColumn("steps", functions.lit(a.steps()))
        .withColumn("step_size", functions.lit(a.stepSize()))
        .withColumn("random_start", functions.lit(a.randomStart()))
        .withColumn("clamp", functions.lit(a.clamp() != null));
  }

  static String targetName(PgdAttack.Settings attack) {
    return attack.target().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Each example's random start seed: the run's seed and the image's id. */
  static long[] seeds(long[] ids, long seed) {
    long[] seeds = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      seeds[i] = seed * 0x9E3779B97F4A7C15L + ids[i];
    }
    return seeds;
  }

  private static List<Row> attackRows(InputGradientGraph graph, PgdAttack attack, EvaluationBatches.Batch batch,
      long seed) {
    PgdAttack.Result r = attack.attack(graph, batch.features(), batch.labels(), seeds(batch.ids(), seed));
    int[][] clean = TopK.indices(r.cleanProbabilities(), 5);
    int[][] adversarial = TopK.indices(r.adversarialProbabilities(), 5);
    float[][] cleanP = r.cleanProbabilities().toFloatMatrix();
    float[][] adversarialP = r.adversarialProbabilities().toFloatMatrix();
    boolean leastLikely = attack.settings().target() == PgdAttack.Target.LEAST_LIKELY;
    List<Row> rows = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      int label = batch.labels()[i];
      Integer known = label >= 0 ? label : null;
      // Least likely: the model now predicts the target. Untargeted: it no longer predicts the true class (the
      // clean prediction where there is no label).
      boolean success = leastLikely ? adversarial[i][0] == r.targets()[i]
          : adversarial[i][0] != (known != null ? label : clean[i][0]);
      rows.add(RowFactory.create(batch.ids()[i], known, attack.settings().epsilon(), r.targets()[i],
          boxed(clean[i]), probabilities(cleanP[i], clean[i]), boxed(adversarial[i]),
          probabilities(adversarialP[i], adversarial[i]), known == null ? null : clean[i][0] == label,
          known == null ? null : contains(clean[i], label), known == null ? null : adversarial[i][0] == label,
          known == null ? null : contains(adversarial[i], label), r.linf()[i], success));
    }
    return rows;
  }

  private static Integer[] boxed(int[] classes) {
    Integer[] boxed = new Integer[classes.length];
    for (int i = 0; i < classes.length; i++) {
      boxed[i] = classes[i];
    }
    return boxed;
  }

  private static Float[] probabilities(float[] all, int[] classes) {
    Float[] p = new Float[classes.length];
    for (int i = 0; i < classes.length; i++) {
      p[i] = all[classes[i]];
    }
    return p;
  }

  private static boolean contains(int[] classes, int label) {
    for (int c : classes) {
      if (c == label) {
        return true;
      }
    }
    return false;
  }

  private static List<Summary> summarise(Dataset<Row> images, List<Double> epsilons) {
    Map<Double, Row> byEpsilon = new java.util.HashMap<>();
    for (Row r : images.groupBy("epsilon").agg(
        functions.count(functions.col("label")),
        percent("clean_correct_top1"), percent("clean_correct_top5"), percent("adversarial_correct_top1"),
        percent("adversarial_correct_top5"), percent("success"), functions.max("linf")).collectAsList()) {
      byEpsilon.put(r.getDouble(0), r);
    }
    List<Summary> summaries = new ArrayList<>();
    for (double epsilon : epsilons) {
      Row r = byEpsilon.get(epsilon);
      if (r == null) {
        summaries.add(new Summary(epsilon, 0, 0, 0, 0, 0, 0, 0));
      } else {
        summaries.add(new Summary(epsilon, r.getLong(1), orZero(r, 2), orZero(r, 3), orZero(r, 4), orZero(r, 5),
            orZero(r, 6), r.isNullAt(7) ? 0 : r.getFloat(7)));
      }
    }
    return summaries;
  }

  private static org.apache.spark.sql.Column percent(String column) {
    return functions.avg(functions.col(column).cast("double")).multiply(100);
  }

  private static double orZero(Row r, int i) {
    return r.isNullAt(i) ? 0 : r.getDouble(i);
  }

  static final StructType SUMMARY_SCHEMA = new StructType()
      .add("model", DataTypes.StringType, false)
      .add("dataset", DataTypes.StringType, false)
      .add("dataset_id", DataTypes.StringType, true)
      .add("split", DataTypes.StringType, false)
      .add("target", DataTypes.StringType, false)
      .add("steps", DataTypes.IntegerType, false)
      .add("step_size", DataTypes.DoubleType, false)
      .add("epsilon", DataTypes.DoubleType, false)
      .add("random_start", DataTypes.BooleanType, false)
      .add("clamp", DataTypes.BooleanType, false)
      .add("images", DataTypes.LongType, false)
      .add("clean_top1", DataTypes.DoubleType, false)
      .add("clean_top5", DataTypes.DoubleType, false)
      .add("adversarial_top1", DataTypes.DoubleType, false)
      .add("adversarial_top5", DataTypes.DoubleType, false)
      .add("success_rate", DataTypes.DoubleType, false)
      .add("max_linf", DataTypes.DoubleType, false);

  private static List<Row> summaryRows(List<Summary> summaries, Request request, TrainedModel trained,
      DatasetMetadata metadata) {
    PgdAttack.Settings a = request.attack();
    return summaries.stream().map(s -> RowFactory.create(trained.source().toString(), request.data().toString(),
        metadata.datasetId(), request.split(), targetName(a),
        a.steps(), a.stepSize(), s.epsilon(), a.randomStart(), a.clamp() != null, s.images(), s.cleanTop1(),
        s.cleanTop5(), s.adversarialTop1(), s.adversarialTop5(), s.successRate(), s.maxLinf())).toList();
  }

  private static XYChart robustnessChart(List<Summary> summaries, PgdAttack.Settings attack) {
    XYChart chart = LineCharts.create(String.format(Locale.ROOT, "Accuracy under PGD (%d steps of %s, %s)",
        attack.steps(), attack.stepSize(), targetName(attack)),
        "epsilon (normalised input units)", "accuracy (%)");
    double[] x = summaries.stream().mapToDouble(Summary::epsilon).toArray();
    chart.addSeries("top-1", x, summaries.stream().mapToDouble(Summary::adversarialTop1).toArray());
    chart.addSeries("top-5", x, summaries.stream().mapToDouble(Summary::adversarialTop5).toArray());
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
    return chart;
  }

  /**
   * For each ε, the sample's clean images on one row and their adversarial versions on the next, recomputed on
   * the driver (the same attack and seeds as on the executors), in batches of the executors' size.
   */
  private void drawGrids(FileSystem fs, Dataset<Row> attacked, ComputationGraph model, Request request, int size,
      int batchSize, SplitImages images, Path dir) {
    int n = request.gridImages();
    if (n <= 0) {
      return;
    }
    List<Long> ids = attacked.select("image_id").distinct()
        .orderBy(functions.hash(functions.col("image_id"), functions.lit(request.seed())), functions.col("image_id"))
        .limit(n).collectAsList().stream().map(r -> r.getLong(0)).toList();
    Map<Long, float[]> inputs = images.evaluationInputs(ids, size);
    List<Long> drawable = ids.stream().filter(inputs::containsKey).toList();
    if (drawable.isEmpty()) {
      return;
    }
    // Whole rows only, so that each row of adversarial images sits under its clean row.
    int columns = Math.min(ImageGrid.COLUMNS, drawable.size());
    List<Long> drawn = drawable.subList(0, drawable.size() / columns * columns);
    Map<Long, Integer> labels = new java.util.HashMap<>();
    for (Row r : attacked.where(functions.col("image_id").isin(drawn.toArray())).select("image_id", "label")
        .distinct().collectAsList()) {
      labels.put(r.getLong(0), r.isNullAt(1) ? -1 : r.getInt(1));
    }
    InputGradientGraph graph = InputGradientGraph.of(model);
    List<float[]> chws = drawn.stream().map(inputs::get).toList();
    int[] known = drawn.stream().mapToInt(labels::get).toArray();
    long[] idArray = drawn.stream().mapToLong(Long::longValue).toArray();
    for (double epsilon : request.epsilonsToRun()) {
      PgdAttack attack = new PgdAttack(request.attack().withEpsilon(epsilon));
      int[] cleanPredicted = new int[drawn.size()];
      int[] adversarialPredicted = new int[drawn.size()];
      List<float[]> adversarial = new ArrayList<>(drawn.size());
      for (int from = 0; from < drawn.size(); from += batchSize) {
        int to = Math.min(drawn.size(), from + batchSize);
        PgdAttack.Result r = attack.attack(graph, NchwBatch.of(chws.subList(from, to), size),
            Arrays.copyOfRange(known, from, to), seeds(Arrays.copyOfRange(idArray, from, to), request.seed()));
        System.arraycopy(r.cleanProbabilities().argMax(1).toIntVector(), 0, cleanPredicted, from, to - from);
        System.arraycopy(r.adversarialProbabilities().argMax(1).toIntVector(), 0, adversarialPredicted, from,
            to - from);
        for (int i = 0; i < to - from; i++) {
          adversarial.add(r.adversarial().slice(i).dup('c').reshape(3L * size * size).toFloatVector());
        }
      }
      List<ImageGrid.Tile> tiles = new ArrayList<>();
      for (int start = 0; start < drawn.size(); start += columns) {
        int end = start + columns;
        for (int i = start; i < end; i++) {
          tiles.add(new ImageGrid.Tile(Normalization.toRgb(chws.get(i)), size, String.format(Locale.ROOT,
              "%s > %s", images.className(known[i]), images.className(cleanPredicted[i]))));
        }
        for (int i = start; i < end; i++) {
          tiles.add(new ImageGrid.Tile(Normalization.toRgb(adversarial.get(i)), size, String.format(Locale.ROOT,
              "adv > %s", images.className(adversarialPredicted[i]))));
        }
      }
      ImageGrid.write(fs, new Path(dir, String.format(Locale.ROOT, "samples-eps%s.png", epsilon)),
          ImageGrid.render(tiles, columns));
    }
  }

  private void print(Request request, TrainedModel trained, int size, List<Summary> summaries, long undecodable) {
    PgdAttack.Settings a = request.attack();
    out.printf(Locale.ROOT, "PGD on %s, %s split of %s (%dx%d): %d steps of %s, target %s%s%s%n",
        trained.source(), request.split(), request.data(), size, size, a.steps(), a.stepSize(),
        targetName(a), a.randomStart() ? ", random start" : "",
        a.clamp() != null ? ", clamped to valid pixels" : "");
    out.printf(Locale.ROOT, "  %8s %8s %10s %10s %10s %10s %9s %9s%n", "epsilon", "images", "clean@1", "clean@5",
        "adv@1", "adv@5", "success", "max L∞");
    for (Summary s : summaries) {
      out.printf(Locale.ROOT, "  %8.4f %,8d %9.2f%% %9.2f%% %9.2f%% %9.2f%% %8.2f%% %9.5f%n", s.epsilon(),
          s.images(), s.cleanTop1(), s.cleanTop5(), s.adversarialTop1(), s.adversarialTop5(), s.successRate(),
          s.maxLinf());
    }
    if (undecodable > 0) {
      out.printf(Locale.ROOT, "  skipped %,d images that no longer decode%n", undecodable);
    }
    out.printf(Locale.ROOT, "Tables %s and %s%s in %s%n", IMAGES, SUMMARY,
        summaries.size() > 1 ? ", " + CURVE : "", request.output());
    out.flush();
  }
}
