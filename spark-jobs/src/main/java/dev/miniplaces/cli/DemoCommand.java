package dev.miniplaces.cli;

import dev.miniplaces.analysis.AdversarialJob;
import dev.miniplaces.analysis.AttentionJob;
import dev.miniplaces.augment.Augmentation;
import dev.miniplaces.catalog.QueryOutput;
import dev.miniplaces.catalog.ResultsCatalog;
import dev.miniplaces.gradients.PgdAttack;
import dev.miniplaces.spark.SparkFileSystems;
import dev.miniplaces.ingest.IngestConfig;
import dev.miniplaces.ingest.IngestJob;
import dev.miniplaces.ingest.IngestResult;
import dev.miniplaces.layout.Split;
import dev.miniplaces.layout.WrittenDataset;
import dev.miniplaces.predict.EvaluateJob;
import dev.miniplaces.synth.SynthDatasetWriter;
import dev.miniplaces.synth.SynthSpec;
import dev.miniplaces.train.TrainConfig;
import dev.miniplaces.train.TrainJob;
import dev.miniplaces.zoo.ModelSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code miniplaces demo}: the whole pipeline on an embedded Spark with data that needs no download: synthesise a
 * MiniPlaces-layout dataset, ingest it, train a small model on it for a few epochs, evaluate the best one, map its
 * attention and attack it on every validation image, and query the results catalog.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the pipeline end to end on a synthetic dataset, on an embedded Spark unless --master says "
          + "otherwise: synth -> ingest -> train -> evaluate -> attention -> adversarial -> SQL summary. Prints "
          + "where everything went."
    })
final class DemoCommand implements Callable<Integer> {
  private static final List<Double> DEMO_EPSILONS = List.of(0.0, 0.05, 0.1);
  private static final int GRID_IMAGES = 20;

  @Spec CommandSpec spec;
  @Mixin SparkOptions sparkOptions;
  @Mixin SynthOptions synthOptions;

  @Option(names = "--work", paramLabel = "DIR", defaultValue = "miniplaces-demo",
      description = "Folder for everything the demo writes. Default: ${DEFAULT-VALUE} (in the current folder).")
  String work;

  @Option(names = "--epochs", defaultValue = "4", description = "Training epochs. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--model", defaultValue = "resnet-small",
      description = "Zoo model to train (batch norm makes resnet-small learn in a few epochs). "
          + "Default: ${DEFAULT-VALUE}.")
  String model;

  @Override
  public Integer call() {
    OptionChecks.atLeast(spec, "--epochs", epochs, 1);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path root = new Path(work);
    Path source = new Path(root, "source");
    Path dataset = new Path(root, "dataset");
    Path run = new Path(root, "run");

    SynthSpec synth = synthOptions.toSpec();
    out.println("[1/7] synth: " + synth.classes() + " classes of procedural scenes, " + synth.size() + "x"
        + synth.size());
    WrittenDataset written = LayoutOutput.write(source.toString(), "synth", synth.totalImages(), err,
        (writer, progress) -> new SynthDatasetWriter(synth).writeTo(writer, progress));
    LayoutOutput.printSummary("  synthesised", written, out);

    out.println("[2/7] ingest: validate every image and shard the dataset into Parquet");
    SparkSession spark = sparkOptions.session("miniplaces demo");
    IngestResult ingested = new IngestJob(spark, err).run(new IngestConfig(source, dataset,
        EnumSet.allOf(Split.class), null, IngestConfig.DEFAULT_SEED, IngestConfig.DEFAULT_MAX_PIXELS));
    IngestCommand.printSummary(ingested, out);

    int imageSize = Math.max(ModelSpec.MIN_INPUT_SIZE, synth.size() / 2);
    out.printf("[3/7] train: %s for %d epochs at %dx%d, parameter averaging over Spark tasks%n", model, epochs,
        imageSize, imageSize);
    int workers = Math.min(spark.sparkContext().defaultParallelism(), 4);
    TrainConfig config = new TrainConfig(dataset.toString(), model, epochs, 32 * workers, workers, 5, 0.4, 0.9,
        1e-4, 0, 1, Augmentation.reference(imageSize * 5 / 4, imageSize), imageSize * 5 / 4, false, 10, 0);
    FileSystem runFs = SparkFileSystems.of(spark, run);
    deleteIfPresent(runFs, run); // the demo starts afresh each time
    new TrainJob(spark, out, 10_000).start(config, run);

    out.println("[4/7] evaluate: the best model on the val split, per class and per image");
    Path evaluation = new Path(run, "eval-val");
    new EvaluateJob(spark, out).run(new EvaluateJob.Request(run, dataset, "val", false, null, evaluation));

    out.println("[5/7] attention: a saliency map of every val image, and grids of them");
    Path attention = new Path(run, "attention-val");
    new AttentionJob(spark, out).run(new AttentionJob.Request(run, dataset, "val", null, attention, GRID_IMAGES,
        1));

    out.println("[6/7] adversarial: the reference's PGD attack on every val image, at three radii");
    Path adversarial = new Path(run, "adversarial-val");
    new AdversarialJob(spark, out).run(new AdversarialJob.Request(run, dataset, "val", null, adversarial,
        PgdAttack.Settings.REFERENCE, DEMO_EPSILONS, GRID_IMAGES, 1));

    out.println("[7/7] sql: this run's results, from the results catalog");
    printCatalogSummary(spark, runFs.makeQualified(run).toString(), out);

    out.println();
    out.println("Demo done. What it wrote:");
    out.println("  source images (MiniPlaces layout): " + written.root());
    out.println("  Parquet dataset:                   " + ingested.output());
    out.println("  refused records:                   " + new Path(ingested.output(), "_rejected"));
    out.println("  dataset metadata:                  " + new Path(ingested.output(), "_dataset.json"));
    out.println("  training run (checkpoints, model): " + run);
    out.println("  training curves (PNG):             " + new Path(run, "curves"));
    out.println("  training metrics tables:           " + new Path(run, "metrics/epochs") + ", "
        + new Path(run, "metrics/iterations"));
    out.println("  evaluation tables:                 " + evaluation + "/{predictions,per_class,confusion}");
    out.println("  attention table, grids (PNG):      " + attention);
    out.println("  adversarial tables, curve, grids:  " + adversarial);
    out.println("Every table is also in the results catalog: bin/miniplaces sql \"SHOW TABLES\"");
    out.flush();
    return 0;
  }


  /** Clean against adversarial accuracy of this run's latest attack, and its attention by class. */
  private static void printCatalogSummary(SparkSession spark, String runId, PrintWriter out) {
    QueryOutput.print(spark.sql("SELECT epsilon, clean_top1, adversarial_top1, adversarial_top5, "
        + "round(max_linf, 6) AS max_linf FROM adversarial_summary WHERE "
        + ResultsCatalog.latestJobOfRun("adversarial_summary", runId) + " ORDER BY epsilon"),
        QueryOutput.Format.TABLE, 0, out);
    QueryOutput.print(spark.sql("SELECT label, count(*) AS images, round(100 * avg(CAST(correct AS DOUBLE)), 2) "
        + "AS top1, round(avg(top10_share), 3) AS saliency_top10_share FROM attention WHERE "
        + ResultsCatalog.latestJobOfRun("attention", runId) + " GROUP BY label ORDER BY label"),
        QueryOutput.Format.TABLE, 0, out);
  }

  private static void deleteIfPresent(FileSystem fs, Path path) {
    try {
      fs.delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clear " + path, e);
    }
  }
}
