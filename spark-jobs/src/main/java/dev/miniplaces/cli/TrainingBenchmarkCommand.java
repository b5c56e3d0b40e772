package dev.miniplaces.cli;

import dev.miniplaces.bench.TrainingBenchmark;
import dev.miniplaces.zoo.ModelSpec;
import dev.miniplaces.zoo.ModelZoo;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code miniplaces benchmark training}: Spark parameter averaging against a single-process fit. */
@Command(
    name = "training",
    mixinStandardHelpOptions = true,
    description = {
      "Images/s of parameter-averaging training on Spark against a single-process DL4J fit of the same model, "
          + "images and augmentation, in alternating epochs. Target: >= 0.85x with 2 executors of 1 core "
          + "against one process on the same 2 cores:",
      "  deploy/standalone-cluster.sh start 2 1 3g",
      "  bin/miniplaces benchmark training --data DATASET --master spark://127.0.0.1:7077 \\",
      "    --conf spark.executor.extraClassPath=\"$(deploy/standalone-cluster.sh classpath)\" "
          + "--conf spark.executor.cores=1"
    })
final class TrainingBenchmarkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions sparkOptions;

  @Option(names = "--data", required = true, paramLabel = "DATASET", description = "Ingested dataset (train split).")
  String data;

  @Option(names = "--model", defaultValue = "resnet-small", description = "Zoo model. Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(names = "--image-size", defaultValue = "32", paramLabel = "PIXELS",
      description = "Training input size. Default: ${DEFAULT-VALUE}.")
  int imageSize;

  @Option(names = "--batch-size-per-worker", defaultValue = "64", paramLabel = "N",
      description = "Mini-batch of each Spark worker; the single process takes workers x this. "
          + "Default: ${DEFAULT-VALUE}.")
  int batchSizePerWorker;

  @Option(names = "--averaging-frequency", defaultValue = "10", paramLabel = "STEPS",
      description = "Default: ${DEFAULT-VALUE}.")
  int averagingFrequency;

  @Option(names = "--images", defaultValue = "6400", paramLabel = "N",
      description = "Train images per epoch (the first N by id). Default: ${DEFAULT-VALUE}.")
  int images;

  @Option(names = "--rounds", defaultValue = "3",
      description = "Timed epoch pairs, after one warm-up pair; the ratio is their median. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Override
  public Integer call() {
    if (!ModelZoo.names().contains(model)) {
      throw OptionChecks.invalid(spec, "--model", model, "choose from " + String.join(", ", ModelZoo.names()));
    }
    OptionChecks.atLeast(spec, "--image-size", imageSize, ModelSpec.MIN_INPUT_SIZE);
    OptionChecks.atLeast(spec, "--batch-size-per-worker", batchSizePerWorker, 1);
    OptionChecks.atLeast(spec, "--averaging-frequency", averagingFrequency, 1);
    OptionChecks.atLeast(spec, "--images", images, 1);
    OptionChecks.atLeast(spec, "--rounds", rounds, 1);
    new TrainingBenchmark(sparkOptions.session("miniplaces benchmark training"), spec.commandLine().getOut())
        .run(new TrainingBenchmark.Settings(new Path(data), model, imageSize, batchSizePerWorker,
            averagingFrequency, images, rounds));
    return 0;
  }
}
