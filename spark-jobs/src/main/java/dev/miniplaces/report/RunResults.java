package dev.miniplaces.report;

import dev.miniplaces.MissingInputException;
import dev.miniplaces.analysis.AdversarialJob;
import dev.miniplaces.analysis.AttentionJob;
import dev.miniplaces.predict.EvaluateJob;
import dev.miniplaces.train.Checkpoints;
import dev.miniplaces.train.MetricsTables;
import dev.miniplaces.train.TrainConfig;
import dev.miniplaces.train.TrainingMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Everything a report shows of one training run, read from its run directory: the configuration and best model,
 * the metrics tables, and the latest output of each analysis job that wrote into the run directory (their default
 * place: {@code eval-*}, {@code attention-*}, {@code adversarial-*}, recognised by the tables they hold).
 */
record RunResults(
    String name,
    Path runDir,
    TrainConfig config,
    ComputationGraph bestModel,
    List<TrainingMetrics.Epoch> epochs,
    List<TrainingMetrics.Iteration> iterations,
    Optional<Evaluation> evaluation,
    Optional<Path> attention,
    List<Adversarial> adversarial) {

  /** An {@code evaluate} output: its summary row, per-class rows and confusion cells. */
  record Evaluation(Path dir, String split, boolean tta, long images, double top1, double top5,
      List<ClassRow> perClass, List<ConfusionCell> confusion) {}

  record ClassRow(int label, String name, long images, double top1, double top5) {}

  record ConfusionCell(int label, int predicted, long count) {}

  /** An {@code adversarial} output: one row per radius, and its folder for the curve and grids. */
  record Adversarial(Path dir, List<AdversarialJob.Summary> summaries, String attack) {}

  /** The same results under another name (runs in different folders may share their folder's name). */
  RunResults named(String otherName) {
    return new RunResults(otherName, runDir, config, bestModel, epochs, iterations, evaluation, attention,
        adversarial);
  }

  static RunResults read(SparkSession spark, FileSystem fs, Path runDir) {
    Checkpoints checkpoints = new Checkpoints(fs, runDir);
    Path best = new Path(runDir, Checkpoints.BEST);
    if (!exists(fs, best)) {
      throw new MissingInputException("Trained model (model_best) of run", best);
    }
    Checkpoints.Checkpoint model = checkpoints.read(best, false);
    TrainConfig config = TrainConfig.fromJson(model.state().configuration());
    MetricsTables metrics = new MetricsTables(spark, fs, runDir);
    return new RunResults(runDir.getName(), fs.makeQualified(runDir), config, model.model(),
        metrics.epochs(Integer.MAX_VALUE), metrics.iterations(Integer.MAX_VALUE),
        latestHolding(fs, runDir, EvaluateJob.SUMMARY).map(dir -> evaluation(spark, dir)),
        latestHolding(fs, runDir, AttentionJob.TABLE),
        allHolding(fs, runDir, AdversarialJob.SUMMARY).stream().map(dir -> adversarial(spark, dir)).toList());
  }

  /** The most recently written sub-folder of {@code runDir} that holds a table called {@code table}. */
  private static Optional<Path> latestHolding(FileSystem fs, Path runDir, String table) {
    List<Path> all = allHolding(fs, runDir, table);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The sub-folders of {@code runDir} that hold a complete table called {@code table}, oldest first. */
  private static List<Path> allHolding(FileSystem fs, Path runDir, String table) {
    try {
      return Arrays.stream(fs.listStatus(runDir)).filter(FileStatus::isDirectory)
          .filter(dir -> exists(fs, new Path(new Path(dir.getPath(), table), "_SUCCESS")))
          .sorted(Comparator.comparingLong(FileStatus::getModificationTime)).map(FileStatus::getPath).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + runDir, e);
    }
  }

  private static Evaluation evaluation(SparkSession spark, Path dir) {
    Row summary = table(spark, dir, EvaluateJob.SUMMARY).first();
    List<ClassRow> perClass = table(spark, dir, EvaluateJob.PER_CLASS).orderBy("label").collectAsList().stream()
        .map(r -> new ClassRow(r.<Integer>getAs("label"), r.getAs("class_name"), r.<Long>getAs("images"),
            r.<Double>getAs("top1"), r.<Double>getAs("top5"))).toList();
    List<ConfusionCell> confusion = table(spark, dir, EvaluateJob.CONFUSION).collectAsList().stream()
        .map(r -> new ConfusionCell(r.<Integer>getAs("label"), r.<Integer>getAs("predicted"),
            r.<Long>getAs("count"))).toList();
    return new Evaluation(dir, summary.getAs("split"), summary.<Boolean>getAs("tta"), summary.<Long>getAs("images"),
        summary.<Double>getAs("top1"), summary.<Double>getAs("top5"), perClass, confusion);
  }

  private static Adversarial adversarial(SparkSession spark, Path dir) {
    List<Row> rows = table(spark, dir, AdversarialJob.SUMMARY).orderBy("epsilon").collectAsList();
    List<AdversarialJob.Summary> summaries = rows.stream().map(r -> new AdversarialJob.Summary(
        r.<Double>getAs("epsilon"), r.<Long>getAs("images"), r.<Double>getAs("clean_top1"),
        r.<Double>getAs("clean_top5"), r.<Double>getAs("adversarial_top1"), r.<Double>getAs("adversarial_top5"),
        r.<Double>getAs("success_rate"), r.<Double>getAs("max_linf"))).toList();
    return new Adversarial(dir, summaries, rows.isEmpty() ? "" : attackOf(rows.get(0)));
  }

  /** E.g. "least-likely PGD, 10 steps of 0.01, random start". */
  private static String attackOf(Row row) {
    return row.getAs("target") + " PGD, " + row.<Integer>getAs("steps") + " steps of " + row.<Double>getAs(
        "step_size") + (row.<Boolean>getAs("random_start") ? ", random start" : "");
  }

  private static org.apache.spark.sql.Dataset<Row> table(SparkSession spark, Path dir, String name) {
    return spark.read().parquet(new Path(dir, name).toString());
  }

  private static boolean exists(FileSystem fs, Path path) {
    try {
      return fs.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }
}
