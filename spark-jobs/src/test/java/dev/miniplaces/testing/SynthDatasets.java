package dev.miniplaces.testing;

import dev.miniplaces.ingest.IngestConfig;
import dev.miniplaces.ingest.IngestJob;
import dev.miniplaces.layout.MiniPlacesWriter;
import dev.miniplaces.layout.Split;
import dev.miniplaces.synth.SynthDatasetWriter;
import dev.miniplaces.synth.SynthSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;

/** Small synthetic datasets, written in the MiniPlaces layout and ingested, as a user would make them. */
public final class SynthDatasets {
  private SynthDatasets() {}

  /** Synthesises {@code spec} under {@code dir} and ingests its train and val splits; returns the dataset folder. */
  public static Path ingested(Path dir, SynthSpec spec) {
    return ingested(LocalSpark.get(), dir, spec);
  }

  /** As {@link #ingested(Path, SynthSpec)}, on the given Spark. */
  public static Path ingested(org.apache.spark.sql.SparkSession spark, Path dir, SynthSpec spec) {
    Path source = dir.resolve("source");
    Path dataset = dir.resolve("dataset");
    new SynthDatasetWriter(spec).writeTo(
        MiniPlacesWriter.forRoot(new org.apache.hadoop.fs.Path(source.toString()), new Configuration()), n -> {});
    new IngestJob(spark, new PrintWriter(new StringWriter())).run(new IngestConfig(
        new org.apache.hadoop.fs.Path(source.toString()), new org.apache.hadoop.fs.Path(dataset.toString()),
        EnumSet.of(Split.TRAIN, Split.VAL), null, 1, IngestConfig.DEFAULT_MAX_PIXELS));
    return dataset;
  }
}
