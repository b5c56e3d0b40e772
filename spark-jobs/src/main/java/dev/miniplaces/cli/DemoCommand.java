package dev.miniplaces.cli;

import dev.miniplaces.analysis.AdversarialJob;
import dev.miniplaces.analysis.AttentionJob;
import dev.miniplaces.augment.Augmentation;
import dev.miniplaces.catalog.QueryOutput;
import dev.miniplaces.catalog.ResultsCatalog;
import dev.miniplaces.fashion.FashionMnistImporter;
import dev.miniplaces.fashion.FashionMnistOptions;
import dev.miniplaces.gradients.PgdAttack;
import dev.miniplaces.ingest.IngestConfig;
import dev.miniplaces.ingest.IngestJob;
import dev.miniplaces.ingest.IngestResult;
import dev.miniplaces.io.OwnedFolders;
import dev.miniplaces.layout.WrittenDataset;
import dev.miniplaces.predict.EvaluateJob;
import dev.miniplaces.recipe.Optimizer;
import dev.miniplaces.report.ReportJob;
import dev.miniplaces.spark.SparkFileSystems;
import dev.miniplaces.synth.SynthDatasetWriter;
import dev.miniplaces.synth.SynthSpec;
import dev.miniplaces.train.TrainConfig;
import dev.miniplaces.train.TrainJob;
import dev.miniplaces.zoo.ModelSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code miniplaces demo}: the whole pipeline on an embedded Spark with data that needs no download: synthesise a
 * MiniPlaces-layout dataset (or import Fashion-MNIST where Debian's package is installed), ingest it, train a small
 * model and SimpleNet on both convolutions for a few epochs, evaluate the first model, map its attention and attack
 * it on every validation image, query the results catalog and write an HTML report on the three runs.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the pipeline end to end, on an embedded Spark unless --master says otherwise: synth (or Fashion-MNIST) "
          + "-> ingest -> train (a model, and SimpleNet on the built-in and the custom convolution) -> evaluate "
          + "-> attention -> adversarial -> SQL summary -> report. Prints where everything went."
    })
final class DemoCommand implements Callable<Integer> {
  private static final List<Double> REFERENCE_EPSILONS = List.of(0.0, 0.05, 0.1);
  private static final List<Double> UNTARGETED_EPSILONS = List.of(0.0, 0.1);
  private static final int GRID_IMAGES = 20;
  private static final int STEPS = 8;
  /** The convolution pair's global batch, and its Adam rate per 256 images (0.001 at 64). */
  private static final int PAIR_BATCH = 64;
  private static final double PAIR_ADAM_RATE = 0.002;
  /** Fashion-MNIST in the demo: enough images to learn from in a few epochs, few enough to attack in a minute. */
  private static final int FASHION_TRAIN = 3000;
  private static final int FASHION_VAL = 500;
  private static final int FASHION_SIZE = 32;

  /** Where the demo's data comes from. */
  enum DataSource { AUTO, SYNTH, FASHION_MNIST }

  /** auto, synth or fashion-mnist, as the help spells them. */
  static final class DataSourceConverter implements CommandLine.ITypeConverter<DataSource> {
    @Override
    public DataSource convert(String value) {
      try {
        return DataSource.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not one of auto, synth, fashion-mnist");
      }
    }
  }

  @Spec CommandSpec spec;
  @Mixin SparkOptions sparkOptions;
  @Mixin SynthOptions synthOptions;

  @Option(names = "--work", paramLabel = "DIR", defaultValue = "miniplaces-demo",
      description = "Folder for everything the demo writes. Default: ${DEFAULT-VALUE} (in the current folder).")
  String work;

  @Option(names = "--data", paramLabel = "auto|synth|fashion-mnist", defaultValue = "auto",
      converter = DataSourceConverter.class,
      description = "The images: procedural scenes (synth, shaped by --classes, --per-class, --size), the first "
          + FASHION_TRAIN + " train and " + FASHION_VAL + " val images of Fashion-MNIST at " + FASHION_SIZE + "x"
          + FASHION_SIZE
          + " (Debian's dataset-fashion-mnist), or auto: Fashion-MNIST if installed, else synth. "
          + "Default: ${DEFAULT-VALUE}.")
  DataSource data;

  @Option(names = "--epochs", defaultValue = "4",
      description = "Training epochs of --model. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--model",
      description = "Zoo model to train and analyse. Default: resnet-small on synth, vgg-small (made for "
          + "32-64 px images) on Fashion-MNIST; batch norm makes both learn in a few epochs.")
  String model;

  @Option(names = "--convolution-epochs", defaultValue = "4", paramLabel = "N",
      description = "Epochs of SimpleNet on the built-in and on the custom convolution, same recipe (Adam, batch "
          + "64) and seed, for the report's comparison; 0 skips them. Default: ${DEFAULT-VALUE}.")
  int convolutionEpochs;

  @Override
  public Integer call() {
    OptionChecks.atLeast(spec, "--epochs", epochs, 1);
    OptionChecks.atLeast(spec, "--convolution-epochs", convolutionEpochs, 0);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path root = new Path(work);
    Path source = new Path(root, "source");
    Path dataset = new Path(root, "dataset");
    Path runs = new Path(root, "runs");
    claimWorkFolder(root);

    boolean fashion = data == DataSource.FASHION_MNIST
        || data == DataSource.AUTO && Files.isDirectory(java.nio.file.Path.of(FashionMnistImporter.DEBIAN_SOURCE));
    WrittenDataset written = fashion ? importFashionMnist(source, out, err) : synthesise(source, out, err);
    int imageSize = fashion ? FASHION_SIZE : Math.max(ModelSpec.MIN_INPUT_SIZE, synthOptions.toSpec().size() / 2);
    // Scenes take the reference's augmentation; small centred garments lose too much to its crops and rotations,
    // so Fashion-MNIST takes the gentler recipe of docs/training.md, and is evaluated at its training size.
    Augmentation augmentation = fashion
        ? new Augmentation(imageSize * 9 / 8, imageSize, false, 0.5, 0, 0, 0.8, 0.8, 1.2)
        : Augmentation.reference(imageSize * 5 / 4, imageSize);
    int evalSize = fashion ? imageSize : imageSize * 5 / 4;
    String model = this.model != null ? this.model : fashion ? "vgg-small" : "resnet-small";

    step(out, 2, "ingest: validate every image and shard the dataset into Parquet");
    SparkSession spark = sparkOptions.session("miniplaces demo");
    IngestResult ingested = new IngestJob(spark, err).run(IngestConfig.allSplits(source, dataset));
    IngestCommand.printSummary(ingested, out);

    FileSystem runFs = SparkFileSystems.of(spark, runs);
    deleteIfPresent(runFs, runs); // the demo starts afresh each time
    Path run = new Path(runs, model);
    List<Path> reported = new ArrayList<>(List.of(run));
    step(out, 3, String.format(Locale.ROOT, "train: %s for %d epochs at %dx%d, parameter averaging over Spark "
        + "tasks%s", model, epochs, imageSize, imageSize, convolutionEpochs == 0 ? "" : "; then SimpleNet on the "
        + "built-in and on the custom convolution for " + convolutionEpochs + " epochs each"));
    TrainJob training = new TrainJob(spark, out, 10_000);
    training.start(recipe(spark, dataset, model, epochs, augmentation, evalSize), run);
    if (convolutionEpochs > 0) {
      for (String simpleNet : List.of("simplenet", "simplenet-custom")) {
        Path twin = new Path(new Path(runs, "compare"), simpleNet); // apart from --model's run, even if the same
        training.start(pairRecipe(spark, dataset, simpleNet, convolutionEpochs, augmentation, evalSize), twin);
        reported.add(twin);
      }
    }

    step(out, 4, "evaluate: the best " + model + " on the val split, per class and per image");
    Path evaluation = new Path(run, "eval-val");
    new EvaluateJob(spark, out).run(new EvaluateJob.Request(run, dataset, "val", false, null, evaluation));

    step(out, 5, "attention: a saliency map of every val image, and grids of them");
    Path attention = new Path(run, "attention-val");
    new AttentionJob(spark, out).run(new AttentionJob.Request(run, dataset, "val", null, attention, GRID_IMAGES,
        1));

    step(out, 6, "adversarial: PGD on every val image, the reference's attack (least likely target) and an "
        + "untargeted one");
    Path adversarial = new Path(run, "adversarial-val");
    new AdversarialJob(spark, out).run(new AdversarialJob.Request(run, dataset, "val", null, adversarial,
        PgdAttack.Settings.REFERENCE, REFERENCE_EPSILONS, GRID_IMAGES, 1));
    Path untargeted = new Path(run, "adversarial-val-untargeted");
    new AdversarialJob(spark, out).run(new AdversarialJob.Request(run, dataset, "val", null, untargeted,
        PgdAttack.Settings.REFERENCE.withTarget(PgdAttack.Target.UNTARGETED), UNTARGETED_EPSILONS, GRID_IMAGES,
        1));

    step(out, 7, "sql: this run's results, from the results catalog");
    printCatalogSummary(spark, runFs.makeQualified(run).toString(), out);

    step(out, 8, "report: one HTML page on the " + reported.size() + " runs");
    Path report = new Path(root, "report");
    ReportJob.Result page = new ReportJob(spark, out).run(new ReportJob.Request(reported, report,
        "miniplaces demo: " + (fashion ? "Fashion-MNIST" : "synthetic scenes")));

    out.println();
    out.println("Demo done. What it wrote:");
    out.println("  report (open in a browser):        " + page.page());
    out.println("  source images (MiniPlaces layout): " + written.root());
    out.println("  Parquet dataset:                   " + ingested.output());
    out.println("  refused records:                   " + new Path(ingested.output(), "_rejected"));
    out.println("  dataset metadata:                  " + new Path(ingested.output(), "_dataset.json"));
    out.println("  training runs (checkpoints):       " + reported.stream().map(Path::toString)
        .collect(Collectors.joining(", ")));
    out.println("  training curves (PNG):             " + new Path(run, "curves"));
    out.println("  training metrics tables:           " + new Path(run, "metrics/epochs") + ", "
        + new Path(run, "metrics/iterations"));
    out.println("  evaluation tables:                 " + evaluation + "/{predictions,per_class,confusion}");
    out.println("  attention table, grids (PNG):      " + attention);
    out.println("  adversarial tables, curve, grids:  " + adversarial + ", " + untargeted);
    out.println("Every table is also in the results catalog: bin/miniplaces sql \"SHOW TABLES\"");
    out.flush();
    return 0;
  }

  private WrittenDataset synthesise(Path source, PrintWriter out, PrintWriter err) {
    SynthSpec synth = synthOptions.toSpec();
    step(out, 1, "synth: " + synth.classes() + " classes of procedural scenes, " + synth.size() + "x" + synth.size());
    WrittenDataset written = LayoutOutput.write(source.toString(), "synth", synth.totalImages(), err,
        (writer, progress) -> new SynthDatasetWriter(synth).writeTo(writer, progress));
    LayoutOutput.printSummary("  synthesised", written, out);
    return written;
  }

  private static WrittenDataset importFashionMnist(Path source, PrintWriter out, PrintWriter err) {
    step(out, 1, "import: the first " + FASHION_TRAIN + " train and " + FASHION_VAL + " val images of "
        + "Fashion-MNIST (Debian's package), " + FASHION_SIZE + "x" + FASHION_SIZE);
    FashionMnistImporter importer = new FashionMnistImporter(new Path(FashionMnistImporter.DEBIAN_SOURCE),
        new Configuration());
    WrittenDataset written = LayoutOutput.write(source.toString(), "import-fashion-mnist",
        FASHION_TRAIN + FASHION_VAL, err, (writer, progress) -> importer.importTo(writer,
            new FashionMnistOptions(FASHION_SIZE, FASHION_TRAIN, FASHION_VAL), progress));
    LayoutOutput.printSummary("  imported", written, out);
    return written;
  }

  /** The demo's recipe: a few epochs at a high rate, as many workers as local cores (up to 4). */
  private static TrainConfig recipe(SparkSession spark, Path dataset, String model, int epochs,
      Augmentation augmentation, int evalSize) {
    int workers = Math.min(spark.sparkContext().defaultParallelism(), 4);
    return new TrainConfig(dataset.toString(), model, epochs, 32 * workers, workers, 5, 0.4, 0.9, 1e-4, 0, 1,
        augmentation, evalSize, false, 10, 0);
  }

  /**
   * SimpleNet's recipe for the convolution pair. SGD leaves the plateau of SimpleNet's 8 convolutions without
   * batch norm after a number of steps that depends on the seed and the worker count, often beyond the demo's
   * epochs (docs/training.md); Adam leaves it within the first epoch. The global batch is 64 on 1, 2 or 4 workers,
   * so every machine trains the pair alike.
   */
  private static TrainConfig pairRecipe(SparkSession spark, Path dataset, String simpleNet, int epochs,
      Augmentation augmentation, int evalSize) {
    int workers = Integer.highestOneBit(Math.min(spark.sparkContext().defaultParallelism(), 4));
    return new TrainConfig(dataset.toString(), simpleNet, epochs, PAIR_BATCH, workers, 5, PAIR_ADAM_RATE, 0.9,
        1e-4, 0, 1, augmentation, evalSize, false, 10, 0, null, Optimizer.ADAM);
  }

  private static void step(PrintWriter out, int step, String what) {
    out.printf(Locale.ROOT, "[%d/%d] %s%n", step, STEPS, what);
    out.flush();
  }

  /** Clean against adversarial accuracy of this run's latest attacks, and its attention by class. */
  private static void printCatalogSummary(SparkSession spark, String runId, PrintWriter out) {
    ResultsCatalog.openForQueries(spark);
    QueryOutput.print(spark.sql("SELECT target, epsilon, round(clean_top1, 2) AS clean_top1, "
        + "round(adversarial_top1, 2) AS adversarial_top1, round(adversarial_top5, 2) AS adversarial_top5, "
        + "round(max_linf, 6) AS max_linf FROM adversarial_summary WHERE "
        + ResultsCatalog.latestJobsOfRun("adversarial_summary", runId, "target") + " ORDER BY target, epsilon"),
        QueryOutput.Format.TABLE, 0, out);
    QueryOutput.print(spark.sql("SELECT label, count(*) AS images, round(100 * avg(CAST(correct AS DOUBLE)), 2) "
        + "AS top1, round(avg(top10_share), 3) AS saliency_top10_share FROM attention WHERE "
        + ResultsCatalog.latestJobOfRun("attention", runId) + " GROUP BY label ORDER BY label"),
        QueryOutput.Format.TABLE, 0, out);
  }

  /**
   * The demo replaces its work folder's runs/, source/, dataset/ and report/: only in a new or empty folder, or
   * one an earlier demo wrote (marked when claimed).
   */
  private static void claimWorkFolder(Path root) {
    try {
      FileSystem fs = root.getFileSystem(new Configuration());
      OwnedFolders.requireOwned(fs, root, "--work");
      fs.mkdirs(root);
      OwnedFolders.mark(fs, root);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare --work " + root, e);
    }
  }

  private static void deleteIfPresent(FileSystem fs, Path path) {
    try {
      fs.delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clear " + path, e);
    }
  }
}
