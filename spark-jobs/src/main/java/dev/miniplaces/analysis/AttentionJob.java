package dev.miniplaces.analysis;

import dev.miniplaces.catalog.ResultsPublisher;
import dev.miniplaces.dataset.DatasetMetadata;
import dev.miniplaces.gradients.InputGradientGraph;
import dev.miniplaces.gradients.Saliency;
import dev.miniplaces.image.ImageDecoder;
import dev.miniplaces.ingest.IngestConfig;
import dev.miniplaces.predict.BatchMemory;
import dev.miniplaces.predict.EvaluateJob;
import dev.miniplaces.predict.EvaluationBatches;
import dev.miniplaces.predict.ModelAndDataset;
import dev.miniplaces.predict.ModelBroadcast;
import dev.miniplaces.predict.TrainedModel;
import dev.miniplaces.spark.ConsoleProgress;
import dev.miniplaces.spark.LiveAccumulator;
import dev.miniplaces.spark.OffHeapLimit;
import dev.miniplaces.spark.SparkFileSystems;
import dev.miniplaces.train.DatasetSplits;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code miniplaces attention}: the gradient saliency map ({@link Saliency}) of every image of a split, computed
 * on the executors with the model in inference mode, published together in one folder and in the results catalog:
 * the table {@value #TABLE} (a row per image: prediction, confidence, saliency statistics and the map itself as an
 * 8-bit PNG) and, in the folder only, PNG grids under {@value #GRIDS}/, in the reference's red-overlay style and as heat maps, for a sample
 * of images and for the most and least confident predictions.
 */
public final class AttentionJob {
  public static final String TABLE = "attention";
  public static final String GRIDS = "grids";
  static final StructType SCHEMA = new StructType()
      .add("image_id", DataTypes.LongType, false)
      .add("label", DataTypes.IntegerType, true)
      .add("predicted", DataTypes.IntegerType, false)
      .add("confidence", DataTypes.FloatType, false)
      .add("correct", DataTypes.BooleanType, true)
      .add("saliency_mean", DataTypes.FloatType, false)
      .add("saliency_max", DataTypes.FloatType, false)
      .add("top10_share", DataTypes.FloatType, false)
      .add("peak_x", DataTypes.IntegerType, false)
      .add("peak_y", DataTypes.IntegerType, false)
      .add("centroid_x", DataTypes.FloatType, false)
      .add("centroid_y", DataTypes.FloatType, false)
      .add("map_size", DataTypes.IntegerType, false)
      .add("saliency_png", DataTypes.BinaryType, false);

  private final SparkSession spark;
  private final PrintWriter out;

  public AttentionJob(SparkSession spark, PrintWriter out) {
    this.spark = spark;
    this.out = out;
  }

  /**
   * @param evalSize input size; null: the run's own evaluation size
   * @param gridImages images per grid
   * @param seed picks the sample grid's images
   * @param batchMemory off-heap bytes a task's batches may use; null: {@link BatchMemory}'s default
   */
  public record Request(Path model, Path data, String split, Integer evalSize, Path output, int gridImages,
      long seed, Long batchMemory) {
    public Request(Path model, Path data, String split, Integer evalSize, Path output, int gridImages, long seed) {
      this(model, data, split, evalSize, output, gridImages, seed, null);
    }
  }

  /** @param grids the PNG files written */
  public record Result(long images, double meanTop10Share, Path output, List<Path> grids) {}

  public Result run(Request request) {
    ModelAndDataset inputs = ModelAndDataset.open(spark, request.model(), request.data(), request.evalSize(),
        request.output(), out);
    TrainedModel trained = inputs.trained();
    DatasetMetadata metadata = inputs.metadata();
    int size = inputs.evalSize();
    Dataset<Row> rows = DatasetSplits.rows(spark, request.data(), request.split());
    long total = rows.count();

    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    LongAccumulator undecodable = sc.sc().longAccumulator("undecodable images");
    Broadcast<ModelBroadcast> model = sc.broadcast(new ModelBroadcast(trained.model()));
    BatchMemory memory = BatchMemory.plan(trained.model(), size, BatchMemory.Pass.GRADIENTS,
        OffHeapLimit.of(spark.sparkContext()), request.batchMemory());
    out.printf(Locale.ROOT, "Saliency maps in %s%n", memory.describe(size));
    out.flush();
    EvaluationBatches batches = new EvaluationBatches(new ImageDecoder(IngestConfig.DEFAULT_MAX_PIXELS), size,
        memory.batchSize(), false);

    FileSystem fs = SparkFileSystems.of(spark, request.output());
    List<Path> grids;
    try (ResultsPublisher results = ResultsPublisher.begin(spark, fs, request.output(), "attention",
        trained.runId(), metadata.datasetId())) {
      try (LiveAccumulator done = LiveAccumulator.register(spark.sparkContext(), "attention images");
          ConsoleProgress progress = new ConsoleProgress("attention", "images", total, done::value, out,
              Duration.ofSeconds(10))) {
        LongAccumulator counter = done.accumulator();
        JavaRDD<Row> maps = rows.javaRDD().mapPartitions(partition -> {
          InputGradientGraph graph = InputGradientGraph.of(model.value().rebuild());
          return batches.flatMap(partition, undecodable, batch -> {
            List<Row> result = saliencyRows(graph, batch, size);
            counter.add(batch.size());
            return result;
          });
        });
        results.table(TABLE, TABLE, spark.createDataFrame(maps, SCHEMA)
            .withColumn("split", functions.lit(request.split())));
      }
      grids = drawGrids(fs, results.staged(TABLE), new SplitImages(spark, request.data(), request.split(),
          metadata), size, request, new Path(results.staging(), GRIDS));
      results.commit();
    } finally {
      model.destroy();
    }

    Dataset<Row> published = spark.read().parquet(new Path(request.output(), TABLE).toString());
    Row summary = published.agg(functions.count("*"), functions.avg("top10_share"),
        functions.avg(functions.col("correct").cast("double"))).first();
    Result result = new Result(summary.getLong(0), summary.isNullAt(1) ? 0 : summary.getDouble(1),
        request.output(), grids.stream().map(p -> new Path(request.output(), GRIDS + "/" + p.getName())).toList());
    print(request, trained, size, result, summary.isNullAt(2) ? null : summary.getDouble(2), undecodable.value());
    return result;
  }

  private static List<Row> saliencyRows(InputGradientGraph graph, EvaluationBatches.Batch batch, int size) {
    Saliency.Batch saliency = Saliency.of(graph, batch.features());
    float[][] probabilities = saliency.probabilities().toFloatMatrix();
    INDArray maps = saliency.maps().reshape('c', batch.size(), (long) size * size);
    List<Row> rows = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      float[] map = maps.getRow(i).toFloatVector();
      SaliencyStatistics s = SaliencyStatistics.of(map, size);
      int label = batch.labels()[i];
      int predicted = saliency.predicted()[i];
      rows.add(RowFactory.create(batch.ids()[i], label >= 0 ? label : null, predicted,
          probabilities[i][predicted], label >= 0 ? predicted == label : null, s.mean(), s.max(), s.top10Share(),
          s.peakX(), s.peakY(), s.centroidX(), s.centroidY(), size, GrayPng.encode(map, size, s.max())));
    }
    return rows;
  }

  private List<Path> drawGrids(FileSystem fs, Dataset<Row> table, SplitImages images, int size, Request request,
      Path dir) {
    int n = request.gridImages();
    List<Path> written = new ArrayList<>();
    if (n <= 0) {
      return written;
    }
    Column byId = functions.col("image_id");
    Map<String, List<Row>> picks = Map.of(
        "sample", table.orderBy(functions.hash(byId, functions.lit(request.seed())), byId).limit(n)
            .collectAsList(),
        "most-confident", table.orderBy(functions.col("confidence").desc(), byId).limit(n).collectAsList(),
        "least-confident", table.orderBy(functions.col("confidence").asc(), byId).limit(n).collectAsList());
    for (String name : List.of("sample", "most-confident", "least-confident")) {
      List<Row> chosen = picks.get(name);
      Map<Long, float[]> inputs = images.evaluationInputs(chosen.stream().map(r -> r.getLong(0)).toList(), size);
      List<SaliencyGrids.Item> items = new ArrayList<>();
      for (Row r : chosen) {
        float[] chw = inputs.get(r.getLong(0));
        if (chw != null) {
          float[] map = GrayPng.decode((byte[]) r.getAs("saliency_png"), r.<Float>getAs("saliency_max"));
          Integer label = r.isNullAt(1) ? null : r.getInt(1);
          String caption = String.format(Locale.ROOT, "%s > %s %.0f%%", images.className(label),
              images.className(r.getInt(2)), 100 * r.<Float>getAs("confidence"));
          items.add(new SaliencyGrids.Item(chw, map, size, caption));
        }
      }
      if (!items.isEmpty()) {
        Path overlay = new Path(dir, name + ".png");
        Path heat = new Path(dir, name + "-heat.png");
        ImageGrid.write(fs, overlay, SaliencyGrids.overlay(items));
        ImageGrid.write(fs, heat, SaliencyGrids.heat(items));
        written.add(overlay);
        written.add(heat);
      }
    }
    return written;
  }

  private void print(Request request, TrainedModel trained, int size, Result result, Double accuracy,
      long undecodable) {
    out.printf(Locale.ROOT, "Saliency maps of %s on the %s split of %s (%dx%d): %,d images%n", trained.source(),
        request.split(), request.data(), size, size, result.images());
    out.printf(Locale.ROOT, "  mean share of saliency in the top 10%% of pixels: %.3f (0.100 = spread evenly)%n",
        result.meanTop10Share());
    if (accuracy != null) {
      out.printf(Locale.ROOT, "  top-1 of the predictions explained: %.2f%%%n", 100 * accuracy);
    }
    if (undecodable > 0) {
      out.printf(Locale.ROOT, "  skipped %,d images that no longer decode%n", undecodable);
    }
    out.printf(Locale.ROOT, "Table %s and %d grids in %s%n", TABLE, result.grids().size(), request.output());
    out.flush();
  }
}
