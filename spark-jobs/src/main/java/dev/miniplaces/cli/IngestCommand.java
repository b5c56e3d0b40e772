package dev.miniplaces.cli;

import dev.miniplaces.dataset.DatasetMetadata.SplitSummary;
import dev.miniplaces.ingest.IngestConfig;
import dev.miniplaces.ingest.IngestJob;
import dev.miniplaces.ingest.IngestResult;
import dev.miniplaces.layout.Rejection;
import dev.miniplaces.layout.Split;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code miniplaces ingest}: a MiniPlaces-layout image folder into a sharded Parquet dataset. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Validates every image of a MiniPlaces-layout folder and writes them, unchanged, into a Parquet dataset "
          + "partitioned by split. Refused images and label lines go to <output>/_rejected with their reason.",
      "Paths may be local or any Hadoop URI (file://, hdfs://, s3a://)."
    })
final class IngestCommand implements Callable<Integer> {
  /** How many refusals the summary lists; the full list is in the _rejected table. */
  private static final int REJECTIONS_SHOWN = 20;

  @Spec CommandSpec spec;
  @Mixin SparkOptions sparkOptions;

  @Option(names = "--source", required = true, paramLabel = "DIR",
      description = "Folder with categories.txt, train.txt, val.txt and images/{train,val,test}.")
  String source;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Dataset folder to write; replaced as a whole when the ingest succeeds.")
  String output;

  @Option(names = "--splits", split = ",", paramLabel = "SPLIT",
      description = "Splits to ingest, comma-separated; each must be in the source. Default: every split the "
          + "source holds (train and val by their label files, test by images/test), named on the console.")
  List<Split> splits;

  private Integer shards;

  @Option(names = "--shards", paramLabel = "N",
      description = "Parquet files per split. Default: sized from the image count "
          + "(at most 5,000 images a file, at least one file per core).")
  void setShards(int value) {
    shards = OptionChecks.atLeast(spec, "--shards", value, 1);
  }

  private long seed;

  @Option(names = "--seed", defaultValue = "" + IngestConfig.DEFAULT_SEED,
      description = "Seed of the train split's row shuffle. Default: ${DEFAULT-VALUE}.")
  void setSeed(long value) {
    seed = value;
  }

  private long maxPixels;

  @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "" + IngestConfig.DEFAULT_MAX_PIXELS,
      description = "Refuse images with more pixels than this, before decoding them. Default: ${DEFAULT-VALUE}.")
  void setMaxPixels(long value) {
    maxPixels = OptionChecks.atLeast(spec, "--max-pixels", value, 1);
  }

  @Override
  public Integer call() {
    IngestConfig config = new IngestConfig(
        new Path(source), new Path(output), splits == null ? null : EnumSet.copyOf(splits), shards, seed, maxPixels);
    SparkSession spark = sparkOptions.session("miniplaces ingest");
    IngestResult result = new IngestJob(spark, spec.commandLine().getErr()).run(config);
    printSummary(result, spec.commandLine().getOut());
    return 0;
  }

  static void printSummary(IngestResult result, PrintWriter out) {
    out.printf(Locale.ROOT, "Ingested %s -> %s in %.1f s (%,.0f images/s)%n", result.metadata().source(),
        result.output(), result.elapsed().toMillis() / 1000.0, result.imagesPerSecond());
    out.printf(Locale.ROOT, "  %-6s %10s %9s %6s %10s%n", "split", "images", "refused", "files", "MB");
    for (Map.Entry<String, SplitSummary> e : result.metadata().splits().entrySet()) {
      SplitSummary s = e.getValue();
      out.printf(Locale.ROOT, "  %-6s %,10d %,9d %6d %,10.1f%n", e.getKey(), s.images(), s.rejected(), s.files(),
          s.imageBytes() / 1e6);
    }
    out.printf(Locale.ROOT, "  %d classes; %d repeated label lines counted once%n",
        result.metadata().classes().size(), result.repeatedLines());
    List<Rejection> rejections = result.rejections();
    if (!rejections.isEmpty()) {
      out.printf(Locale.ROOT, "Refused %,d (all in %s/_rejected)%s%n", rejections.size(), result.output(),
          rejections.size() > REJECTIONS_SHOWN ? ", the first " + REJECTIONS_SHOWN + ":" : ":");
      rejections.stream().limit(REJECTIONS_SHOWN)
          .forEach(r -> out.printf(Locale.ROOT, "  %-5s %s: %s%n", r.split(), r.path(), r.reason()));
    }
    out.flush();
  }
}
