package dev.miniplaces.cli;

import dev.miniplaces.predict.EvaluateJob;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code miniplaces evaluate}: a trained model's top-1/top-5, per class and per image, as results tables. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Scores a trained model on a split of an ingested dataset, on the executors: overall and per-class top-1 "
          + "and top-5, the confusion matrix, and every image's top-5 predictions, as Parquet tables "
          + "(predictions, per_class, confusion) in --out."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions sparkOptions;

  @Option(names = "--model", required = true, paramLabel = "RUN_DIR|MODEL",
      description = "A run directory (its model_best), a checkpoint folder, or a model file.")
  String model;

  @Option(names = "--data", required = true, paramLabel = "DATASET", description = "Ingested dataset folder.")
  String data;

  @Option(names = "--split", defaultValue = "val", description = "Split to score. Default: ${DEFAULT-VALUE}.")
  String split;

  @Option(names = "--tta", description = "Test-time flip: average each image with its mirror.")
  boolean tta;

  @Option(names = "--eval-size", paramLabel = "PIXELS",
      description = "Input size. Default: the run's own evaluation size, else " + EvaluateJob.DEFAULT_EVAL_SIZE
          + ".")
  Integer evalSize;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Folder for the tables, replaced as a whole. Default: <RUN_DIR>/eval-<split> for a run "
          + "directory; required otherwise.")
  String out;

  @Override
  public Integer call() {
    if (evalSize != null) {
      OptionChecks.atLeast(spec, "--eval-size", evalSize, 1);
    }
    if (!split.matches("train|val|test")) {
      throw OptionChecks.invalid(spec, "--split", split, "one of train, val, test");
    }
    SparkSession spark = sparkOptions.session("miniplaces evaluate");
    Path modelPath = new Path(model);
    Path output = out != null ? new Path(out) : defaultOutput(spark, modelPath);
    new EvaluateJob(spark, spec.commandLine().getOut()).run(new EvaluateJob.Request(modelPath, new Path(data),
        split, tta, evalSize, output));
    return 0;
  }

  private Path defaultOutput(SparkSession spark, Path modelPath) {
    try {
      var fs = modelPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(modelPath) && fs.getFileStatus(modelPath).isDirectory()) {
        return new Path(modelPath, "eval-" + split + (tta ? "-tta" : ""));
      }
    } catch (java.io.IOException e) {
      // fall through: the job reports the unreadable model
    }
    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "Missing option '--out': needed when --model is a file");
  }
}
