package dev.miniplaces.predict;

import dev.miniplaces.catalog.ResultsPublisher;
import dev.miniplaces.dataset.DatasetMetadata;
import dev.miniplaces.image.ImageDecoder;
import dev.miniplaces.ingest.IngestConfig;
import dev.miniplaces.spark.OffHeapLimit;
import dev.miniplaces.spark.SparkFileSystems;
import dev.miniplaces.train.DatasetSplits;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * {@code miniplaces evaluate}: a trained model scored on a split of an ingested dataset, on the executors, written
 * as four results tables, published together in one folder and in the results catalog ({@link ResultsPublisher}):
 * {@code predictions} (every image's top-5 classes and probabilities), {@code per_class} (images, top-1 and top-5
 * per class; catalog table {@code class_accuracy}), {@code confusion} (label, predicted, count: the non-zero cells
 * of the confusion matrix) and {@code summary} (catalog table {@code evaluations}). Every row says the split,
 * whether test-time flip was on and the input size.
 */
public final class EvaluateJob {
  public static final String PREDICTIONS = "predictions";
  public static final String PER_CLASS = "per_class";
  public static final String CONFUSION = "confusion";
  public static final String SUMMARY = "summary";
  /** The reference's evaluation size, used when the model does not come with its run's configuration. */
  public static final int DEFAULT_EVAL_SIZE = 160;

  static final StructType PREDICTION_SCHEMA = new StructType()
      .add("image_id", DataTypes.LongType, false)
      .add("label", DataTypes.IntegerType, true)
      .add("predicted", DataTypes.IntegerType, false)
      .add("top5_classes", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("top5_probabilities", DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add("correct_top1", DataTypes.BooleanType, true)
      .add("correct_top5", DataTypes.BooleanType, true);

  private final SparkSession spark;
  private final PrintWriter out;

  public EvaluateJob(SparkSession spark, PrintWriter out) {
    this.spark = spark;
    this.out = out;
  }

  /**
   * @param model a run directory (its {@code model_best}), a checkpoint folder, or a model file
   * @param evalSize evaluation input size; null: the run's own, else {@value #DEFAULT_EVAL_SIZE}
   * @param batchMemory off-heap bytes a task's batches may use; null: {@link BatchMemory}'s default
   */
  public record Request(Path model, Path data, String split, boolean testTimeFlip, Integer evalSize, Path output,
      Long batchMemory) {
    public Request(Path model, Path data, String split, boolean testTimeFlip, Integer evalSize, Path output) {
      this(model, data, split, testTimeFlip, evalSize, output, null);
    }
  }

  public record Result(Accuracy accuracy, Path output) {}

  public Result run(Request request) {
    ModelAndDataset inputs = ModelAndDataset.open(spark, request.model(), request.data(), request.evalSize(),
        request.output(), out);
    TrainedModel loaded = inputs.trained();
    DatasetMetadata metadata = inputs.metadata();
    int size = inputs.evalSize();
    Dataset<Row> rows = DatasetSplits.rows(spark, request.data(), request.split());

    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    LongAccumulator undecodable = sc.sc().longAccumulator("undecodable images");
    BatchMemory batch = BatchMemory.plan(loaded.model(), size, BatchMemory.Pass.INFERENCE,
        OffHeapLimit.of(spark.sparkContext()), request.batchMemory());
    out.printf(Locale.ROOT, "Evaluating in %s%n", batch.describe(size));
    out.flush();
    Predictor predictor = new Predictor(new ImageDecoder(IngestConfig.DEFAULT_MAX_PIXELS), size,
        request.testTimeFlip(), 5, batch.batchSize());
    Dataset<Row> predictions = spark.createDataFrame(predictor.predict(sc, loaded.model(), rows, undecodable)
        .map(EvaluateJob::row), PREDICTION_SCHEMA).cache();

    Dataset<Row> labelled = predictions.where("label IS NOT NULL");
    Dataset<Row> perClass = labelled.groupBy("label").agg(
            functions.count("*").as("images"),
            functions.avg(functions.col("correct_top1").cast("double")).multiply(100).as("top1"),
            functions.avg(functions.col("correct_top5").cast("double")).multiply(100).as("top5"))
        .join(classNames(metadata), "label").orderBy("label");
    Dataset<Row> confusion = labelled.groupBy("label", "predicted").count().orderBy("label", "predicted");

    Row totals = labelled.agg(functions.count("*"), functions.sum(functions.col("correct_top1").cast("long")),
        functions.sum(functions.col("correct_top5").cast("long"))).first();
    Accuracy accuracy = new Accuracy(totals.getLong(0), totals.isNullAt(1) ? 0 : totals.getLong(1),
        totals.isNullAt(2) ? 0 : totals.getLong(2));
    Column[] context = {functions.lit(request.split()).as("split"), functions.lit(request.testTimeFlip()).as("tta"),
        functions.lit(size).as("eval_size")};
    FileSystem fs = SparkFileSystems.of(spark, request.output());
    try (ResultsPublisher results = ResultsPublisher.begin(spark, fs, request.output(), "evaluate",
        loaded.runId(), metadata.datasetId())) {
      results.table(PREDICTIONS, "predictions", withContext(predictions, context));
      results.table(PER_CLASS, "class_accuracy", withContext(perClass.coalesce(1), context));
      results.table(CONFUSION, "confusion", withContext(confusion.coalesce(1), context));
      results.table(SUMMARY, "evaluations", withContext(spark.createDataFrame(List.of(RowFactory.create(
          loaded.source().toString(), accuracy.examples(), accuracy.top1(), accuracy.topK())), SUMMARY_SCHEMA),
          context));
      results.commit();
    }
    predictions.unpersist();
    print(request, loaded, size, accuracy, spark.read().parquet(new Path(request.output(), PER_CLASS).toString()),
        undecodable.value());
    return new Result(accuracy, request.output());
  }

  static final StructType SUMMARY_SCHEMA = new StructType()
      .add("model", DataTypes.StringType, false)
      .add("images", DataTypes.LongType, false)
      .add("top1", DataTypes.DoubleType, false)
      .add("top5", DataTypes.DoubleType, false);

  /** {@code rows} with the evaluation's settings as columns, so that catalog rows say what they measured. */
  private static Dataset<Row> withContext(Dataset<Row> rows, Column[] context) {
    Column[] columns = new Column[context.length + 1];
    columns[0] = functions.col("*");
    System.arraycopy(context, 0, columns, 1, context.length);
    return rows.select(columns);
  }

  private static Row row(Prediction p) {
    Integer label = p.label() < 0 ? null : p.label();
    Boolean top1 = label == null ? null : p.top1();
    Boolean top5 = label == null ? null : p.topK();
    Integer[] classes = new Integer[p.classes().length];
    Float[] probabilities = new Float[p.probabilities().length];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = p.classes()[i];
      probabilities[i] = p.probabilities()[i];
    }
    return RowFactory.create(p.imageId(), label, p.classes()[0], classes, probabilities, top1,
        top5);
  }

  private Dataset<Row> classNames(DatasetMetadata metadata) {
    List<Row> rows = metadata.classes().stream().map(c -> RowFactory.create(c.id(), c.name())).toList();
    return spark.createDataFrame(rows, new StructType().add("label", DataTypes.IntegerType, false)
        .add("class_name", DataTypes.StringType, false));
  }

  private void print(Request request, TrainedModel loaded, int size, Accuracy accuracy, Dataset<Row> perClass,
      long undecodable) {
    out.printf(Locale.ROOT, "Evaluated %s on the %s split of %s (%dx%d%s): %,d labelled images%n",
        loaded.source(), request.split(), request.data(), size, size, request.testTimeFlip() ? ", test-time flip"
            : "", accuracy.examples());
    if (accuracy.examples() > 0) {
      out.printf(Locale.ROOT, "  top-1 %.2f%%  top-5 %.2f%%%n", accuracy.top1(), accuracy.topK());
      out.println("  hardest classes (top-1):");
      for (Row r : perClass.orderBy("top1", "label").limit(5).collectAsList()) {
        out.printf(Locale.ROOT, "    %-28s %6.2f%%  (%d images)%n", r.getString(r.fieldIndex("class_name")),
            r.getDouble(r.fieldIndex("top1")), r.getLong(r.fieldIndex("images")));
      }
    }
    if (undecodable > 0) {
      out.printf(Locale.ROOT, "  skipped %,d images that no longer decode%n", undecodable);
    }
    out.printf(Locale.ROOT, "Tables in %s: %s, %s, %s, %s (in the catalog: predictions, class_accuracy, "
        + "confusion, evaluations)%n", request.output(), PREDICTIONS, PER_CLASS, CONFUSION, SUMMARY);
    out.flush();
  }
}
