package dev.miniplaces.cli;

import dev.miniplaces.ingest.IngestConfig;
import dev.miniplaces.ingest.IngestJob;
import dev.miniplaces.ingest.IngestResult;
import dev.miniplaces.layout.Split;
import dev.miniplaces.layout.WrittenDataset;
import dev.miniplaces.synth.SynthDatasetWriter;
import dev.miniplaces.synth.SynthSpec;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code miniplaces demo}: the whole pipeline on an embedded Spark with data that needs no download. Today:
 * synthesise a MiniPlaces-layout dataset, then ingest it; each later stage joins when it exists.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the pipeline end to end on a synthetic dataset, on an embedded Spark unless --master says "
          + "otherwise: synth -> ingest. Prints where everything went."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions sparkOptions;
  @Mixin SynthOptions synthOptions;

  @Option(names = "--work", paramLabel = "DIR", defaultValue = "miniplaces-demo",
      description = "Folder for everything the demo writes. Default: ${DEFAULT-VALUE} (in the current folder).")
  String work;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path root = new Path(work);
    Path source = new Path(root, "source");
    Path dataset = new Path(root, "dataset");

    SynthSpec synth = synthOptions.toSpec();
    out.println("[1/2] synth: " + synth.classes() + " classes of procedural scenes, " + synth.size() + "x"
        + synth.size());
    WrittenDataset written = LayoutOutput.write(source.toString(), "synth", synth.totalImages(), err,
        (writer, progress) -> new SynthDatasetWriter(synth).writeTo(writer, progress));
    LayoutOutput.printSummary("  synthesised", written, out);

    out.println("[2/2] ingest: validate every image and shard the dataset into Parquet");
    SparkSession spark = sparkOptions.session("miniplaces demo");
    IngestResult ingested = new IngestJob(spark, err).run(new IngestConfig(source, dataset,
        EnumSet.allOf(Split.class), null, IngestConfig.DEFAULT_SEED, IngestConfig.DEFAULT_MAX_PIXELS));
    IngestCommand.printSummary(ingested, out);

    out.println();
    out.println("Demo done. What it wrote:");
    out.println("  source images (MiniPlaces layout): " + written.root());
    out.println("  Parquet dataset:                   " + ingested.output());
    out.println("  refused records:                   " + new Path(ingested.output(), "_rejected"));
    out.println("  dataset metadata:                  " + new Path(ingested.output(), "_dataset.json"));
    out.println("Read it with Spark: spark.read.parquet(\"" + ingested.output() + "\")");
    out.flush();
    return 0;
  }
}
