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

  @Mixin ModelOnSplit target;

  @Option(names = "--tta", description = "Test-time flip: average each image with its mirror.")
  boolean tta;

  @Override
  public Integer call() {
    target.validate();
    SparkSession spark = sparkOptions.session("miniplaces evaluate");
    Path output = target.output(spark, "eval-" + target.split + (tta ? "-tta" : ""));
    new EvaluateJob(spark, spec.commandLine().getOut()).run(new EvaluateJob.Request(target.modelPath(),
        target.dataPath(), target.split, tta, target.evalSize, output, target.batchMemoryBytes()));
    return 0;
  }
}
