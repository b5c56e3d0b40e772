package dev.miniplaces.cli;

import dev.miniplaces.bench.IngestBenchmark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code miniplaces benchmark ingest}: ingest throughput against its single-thread read + decode limit. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Ingest images/s per core on synthetic 128x128 JPEGs, against reading and decoding the same "
        + "files in one thread (the limit). Target: ingest within 2x of the limit.")
final class IngestBenchmarkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions sparkOptions;

  @Option(names = "--images", defaultValue = "20000", description = "Images. Default: ${DEFAULT-VALUE}.")
  int images;

  @Option(names = "--size", defaultValue = "128", description = "Image size. Default: ${DEFAULT-VALUE}.")
  int size;

  @Option(names = "--rounds", defaultValue = "3", description = "Measurements of each; medians reported. "
      + "Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--work", defaultValue = "target/benchmark-ingest", paramLabel = "DIR",
      description = "Folder for the source (kept and reused) and the dataset. Default: ${DEFAULT-VALUE}.")
  Path work;

  @Override
  public Integer call() {
    OptionChecks.atLeast(spec, "--images", images, 100);
    OptionChecks.atLeast(spec, "--rounds", rounds, 1);
    PrintWriter out = spec.commandLine().getOut();
    IngestBenchmark.Result r =
        new IngestBenchmark(sparkOptions.session("miniplaces benchmark ingest"), out).run(work, images, size, rounds);
    out.printf(Locale.ROOT, "RESULT ingest images=%d size=%d cores=%d limit_per_core=%.0f ingest=%.0f "
            + "ingest_per_core=%.0f cost_ratio=%.2f (target <= 2.00)%n",
        r.images(), r.size(), r.cores(), r.limitImagesPerSecond(), r.ingestImagesPerSecond(),
        r.ingestImagesPerSecondPerCore(), r.costRatio());
    out.flush();
    return 0;
  }
}
