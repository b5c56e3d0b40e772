package dev.miniplaces.bench;

import dev.miniplaces.ingest.IngestConfig;
import dev.miniplaces.ingest.IngestJob;
import dev.miniplaces.ingest.IngestResult;
import dev.miniplaces.layout.MiniPlacesLayout;
import dev.miniplaces.layout.MiniPlacesWriter;
import dev.miniplaces.layout.Split;
import dev.miniplaces.synth.SynthDatasetWriter;
import dev.miniplaces.synth.SynthSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Ingest throughput against its limit: reading and decoding the same JPEG files in one thread with no Spark, no
 * validation and no output. Both run on the same synthetic dataset, back to back in one JVM, each after a warm-up.
 * The figure that matters is {@link Result#costRatio()}: per core, how many times slower ingest is than the limit.
 */
public final class IngestBenchmark {
  /**
   * @param images train images of the synthetic source (val and test are not generated)
   * @param limitImagesPerSecond read + decode rate of one thread
   * @param ingestImagesPerSecond ingest rate over all cores, wall time of the job (listing to publish)
   * @param cores cores the ingest ran on
   */
  public record Result(int images, int size, double limitImagesPerSecond, double ingestImagesPerSecond, int cores) {
    public double ingestImagesPerSecondPerCore() {
      return ingestImagesPerSecond / cores;
    }

    /** Cost of ingest per image and core, as a multiple of the single-thread read + decode cost. */
    public double costRatio() {
      return limitImagesPerSecond / ingestImagesPerSecondPerCore();
    }
  }

  private final SparkSession spark;
  private final PrintWriter out;

  public IngestBenchmark(SparkSession spark, PrintWriter out) {
    this.spark = spark;
    this.out = out;
  }

  public Result run(Path work, int images, int size, int rounds) {
    int classes = 100;
    SynthSpec spec = new SynthSpec(classes, Math.max(1, images / classes), 0, 0, size, 7);
    Path source = work.resolve("source-" + spec.trainImages() + "-" + size);
    if (!Files.exists(source.resolve("train.txt"))) {
      out.printf("Generating %,d synthetic %dx%d JPEGs in %s%n", spec.trainImages(), size, size, source);
      out.flush();
      new SynthDatasetWriter(spec).writeTo(
          MiniPlacesWriter.forRoot(new org.apache.hadoop.fs.Path(source.toString()), new Configuration()), n -> {});
    }
    List<Path> files = imageFiles(source);

    Path output = work.resolve("dataset");
    readAndDecode(files.subList(0, Math.min(files.size(), 1_000)));
    ingest(source, output, 1);

    // Rounds alternate the two measurements so that a slow spell of the machine hits both; medians are reported.
    double[] limits = new double[rounds];
    double[] ingests = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      readAndDecode(files);
      limits[round] = files.size() / seconds(start);
      IngestResult result = ingest(source, output, null);
      ingests[round] = result.acceptedImages() / (result.elapsed().toNanos() / 1e9);
      out.printf("round %d: limit (read + decode, 1 thread) %,.0f images/s; ingest (Spark) %,.0f images/s%n",
          round + 1, limits[round], ingests[round]);
      out.flush();
    }
    return new Result(files.size(), size, median(limits), median(ingests),
        spark.sparkContext().defaultParallelism());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private IngestResult ingest(Path source, Path output, Integer shards) {
    return new IngestJob(spark, new PrintWriter(Writer.nullWriter())).run(new IngestConfig(
        new org.apache.hadoop.fs.Path(source.toString()), new org.apache.hadoop.fs.Path(output.toString()),
        EnumSet.of(Split.TRAIN), shards, IngestConfig.DEFAULT_SEED, IngestConfig.DEFAULT_MAX_PIXELS));
  }

  private static List<Path> imageFiles(Path source) {
    try (var files = Files.walk(source.resolve(MiniPlacesLayout.IMAGES_DIR))) {
      return files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void readAndDecode(List<Path> files) {
    try {
      for (Path file : files) {
        if (ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(file))) == null) {
          throw new IllegalStateException("Not decodable: " + file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
