package dev.miniplaces.cli;

import dev.miniplaces.MissingInputException;
import dev.miniplaces.predict.EvaluateJob;
import dev.miniplaces.spark.SparkFileSystems;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options of the commands that run a trained model over a split: which model, which images, where to. */
final class ModelOnSplit {
  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "RUN_DIR|MODEL",
      description = "A run directory (its model_best), a checkpoint folder, or a model file.")
  String model;

  @Option(names = "--data", required = true, paramLabel = "DATASET", description = "Ingested dataset folder.")
  String data;

  @Option(names = "--split", defaultValue = "val", description = "Split to run on. Default: ${DEFAULT-VALUE}.")
  String split;

  @Option(names = "--eval-size", paramLabel = "PIXELS",
      description = "Input size. Default: the run's own evaluation size, else " + EvaluateJob.DEFAULT_EVAL_SIZE
          + ".")
  Integer evalSize;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Folder for the results, replaced as a whole. Default: a folder in the run directory "
          + "(named after the command and split); required when --model is a file.")
  String out;

  @Option(names = "--batch-memory", paramLabel = "SIZE",
      description = "Off-heap memory each task's batches may use (as Spark's sizes: 512m, 2g); batches hold as "
          + "many images as fit, at most 100. Default: half of a task's share of an executor's off-heap room "
          + "(spark.executor.memoryOverhead over the tasks it runs at once; locally, the memory beyond the heap).")
  String batchMemory;

  /** Images the grids of a job may show: they are drawn on the driver, whose heap holds them all. */
  static final int MAX_GRID_IMAGES = 100;

  void validate() {
    batchMemoryBytes();
    if (evalSize != null) {
      OptionChecks.atLeast(spec, "--eval-size", evalSize, 1);
    }
    if (!split.matches("train|val|test")) {
      throw OptionChecks.invalid(spec, "--split", split, "one of train, val, test");
    }
  }

  /** {@code --batch-memory} in bytes, or null for the default. */
  Long batchMemoryBytes() {
    if (batchMemory == null) {
      return null;
    }
    long bytes;
    try {
      bytes = JavaUtils.byteStringAsBytes(batchMemory);
    } catch (NumberFormatException e) {
      throw OptionChecks.invalid(spec, "--batch-memory", batchMemory, "a size such as 512m or 2g");
    }
    if (bytes < 1 << 20) {
      throw OptionChecks.invalid(spec, "--batch-memory", batchMemory, "must be at least 1m");
    }
    return bytes;
  }

  Path modelPath() {
    return new Path(model);
  }

  Path dataPath() {
    return new Path(data);
  }

  /** {@code --out}, else {@code folder} inside the run directory named by {@code --model}. */
  Path output(SparkSession spark, String folder) {
    if (out != null) {
      return new Path(out);
    }
    Path modelPath = modelPath();
    FileSystem fs = SparkFileSystems.of(spark, modelPath);
    try {
      if (!fs.exists(modelPath)) {
        throw new MissingInputException("Model (--model)", fs.makeQualified(modelPath));
      }
      if (fs.getFileStatus(modelPath).isDirectory()) {
        return new Path(modelPath, folder);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check --model " + modelPath, e);
    }
    throw new ParameterException(spec.commandLine(), "Missing option '--out': needed when --model is a file");
  }
}
