package dev.miniplaces.cli;

import dev.miniplaces.analysis.AttentionJob;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code miniplaces attention}: gradient saliency maps of every image of a split. */
@Command(
    name = "attention",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Computes the gradient saliency map (Simonyan et al.) of every image of a split on the executors, the model "
          + "in inference mode: a table 'attention' (prediction, confidence, saliency statistics and the map as an "
          + "8-bit PNG per image) and PNG grids (red overlay as in the reference, and heat maps) of a sample and of "
          + "the most and least confident images, in --out."
    })
final class AttentionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions sparkOptions;
  @Mixin ModelOnSplit target;

  @Option(names = "--grid-images", defaultValue = "30", paramLabel = "N",
      description = "Images in each grid, 10 to a row; 0 for none. Default: ${DEFAULT-VALUE}.")
  int gridImages;

  @Option(names = "--seed", defaultValue = "1", description = "Picks the sample grid's images. Default: "
      + "${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() {
    target.validate();
    OptionChecks.between(spec, "--grid-images", gridImages, 0, ModelOnSplit.MAX_GRID_IMAGES);
    SparkSession spark = sparkOptions.session("miniplaces attention");
    new AttentionJob(spark, spec.commandLine().getOut()).run(new AttentionJob.Request(target.modelPath(),
        target.dataPath(), target.split, target.evalSize, target.output(spark, "attention-" + target.split),
        gridImages, seed, target.batchMemoryBytes()));
    return 0;
  }
}
