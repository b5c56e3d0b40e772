package dev.miniplaces.predict;

import dev.miniplaces.dataset.DatasetMetadata;
import dev.miniplaces.io.OwnedFolders;
import dev.miniplaces.spark.SparkFileSystems;
import dev.miniplaces.train.ModelClasses;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What a job that runs a trained model over a dataset ({@code evaluate}, {@code attention}, {@code adversarial})
 * checks before it starts: that the model and the dataset exist and have the same classes, the input size to run
 * at, and that its output folder may be replaced and is apart from both.
 *
 * @param evalSize the input size to run at
 */
public record ModelAndDataset(TrainedModel trained, DatasetMetadata metadata, int evalSize) {

  /**
   * @param requestedEvalSize {@code --eval-size}, or null for the model's own
   * @param output the job's {@code --out}
   * @param out where warnings go
   */
  public static ModelAndDataset open(SparkSession spark, Path model, Path data, Integer requestedEvalSize,
      Path output, PrintWriter out) {
    TrainedModel trained = TrainedModel.read(SparkFileSystems.of(spark, model), model);
    FileSystem dataFs = SparkFileSystems.of(spark, data);
    DatasetMetadata metadata = DatasetMetadata.read(dataFs, data);
    Path qualifiedData = dataFs.makeQualified(data);
    ModelClasses.require(trained.model(), trained.manifest(), metadata, qualifiedData.toString(),
        "Model " + trained.source(), "give the dataset it was trained on");

    FileSystem outputFs = SparkFileSystems.of(spark, output);
    OwnedFolders.requireApart(outputFs, output, "--out", trained.source(), "the model");
    OwnedFolders.requireApart(outputFs, output, "--out", qualifiedData, "the dataset");
    OwnedFolders.requireOwned(outputFs, output, "--out");
    return new ModelAndDataset(trained, metadata, evalSize(trained, requestedEvalSize, out));
  }

  /**
   * {@code --eval-size} if given (with a warning where it differs from the model's own), else the size the
   * model's run evaluated at, else the reference's with a warning: a model run far from its training size loses
   * much accuracy with no error.
   */
  static int evalSize(TrainedModel trained, Integer requested, PrintWriter out) {
    Optional<Integer> own = trained.ownEvalSize();
    if (requested != null) {
      if (own.isPresent() && !own.get().equals(requested)) {
        warn(out, "--eval-size %d differs from the size model %s was evaluated at in its run (%d px); its "
            + "accuracy may be lower at %d", requested, trained.source(), own.get(), requested);
      }
      return requested;
    }
    return own.orElseGet(() -> {
      warn(out, "model %s records no input size (written outside miniplaces, or before model files recorded "
          + "it): running it at %d px, the reference's; give --eval-size if it was trained at another size",
          trained.source(), EvaluateJob.DEFAULT_EVAL_SIZE);
      return EvaluateJob.DEFAULT_EVAL_SIZE;
    });
  }

  private static void warn(PrintWriter out, String format, Object... args) {
    out.printf(Locale.ROOT, "Warning: " + format + "%n", args);
    out.flush();
  }
}
