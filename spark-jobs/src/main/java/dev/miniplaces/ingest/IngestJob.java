package dev.miniplaces.ingest;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.sum;

import dev.miniplaces.InvalidInputException;
import dev.miniplaces.MiniplacesException;
import dev.miniplaces.catalog.CatalogWrite;
import dev.miniplaces.catalog.ResultsCatalog;
import dev.miniplaces.dataset.DatasetMetadata;
import dev.miniplaces.dataset.ImageTable;
import dev.miniplaces.image.ImageInspector;
import dev.miniplaces.io.AtomicDirectory;
import dev.miniplaces.io.OwnedFolders;
import dev.miniplaces.layout.MiniPlacesLayout;
import dev.miniplaces.layout.Rejection;
import dev.miniplaces.layout.Split;
import dev.miniplaces.spark.ConsoleProgress;
import dev.miniplaces.spark.LiveAccumulator;
import dev.miniplaces.spark.SerializableConfiguration;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a MiniPlaces-layout image folder into a sharded Parquet dataset (see {@link ImageTable}).
 *
 * <p>The driver reads only the small files (categories, label files, the test listing) and plans the shards;
 * executors read, validate and write the images, one task per output file. The dataset is written to a staging
 * folder and published in one step ({@link AtomicDirectory}), so a re-run replaces it and a killed run leaves the
 * previous one intact.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  /**
   * Parquet row group size. A reader holds a row group's image column in memory while it streams the rows, so
   * this bounds memory per reading task (executors also hold DL4J's off-heap arrays); 16 MB is still ~1,300
   * images, far above the size where per-group overhead (footer entries, seeks) would show.
   */
  static final long ROW_GROUP_BYTES = 16L << 20;

  private final SparkSession spark;
  private final PrintWriter progressOut;

  public IngestJob(SparkSession spark, PrintWriter progressOut) {
    this.spark = spark;
    this.progressOut = progressOut;
  }

  public IngestResult run(IngestConfig config) {
    long start = System.nanoTime();
    Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
    FileSystem sourceFs = filesystem(config.source(), hadoopConf);
    FileSystem outputFs = filesystem(config.output(), hadoopConf);
    MiniPlacesLayout layout = new MiniPlacesLayout(sourceFs.makeQualified(config.source()));
    OwnedFolders.requireApart(outputFs, config.output(), "--output", layout.root(), "the source");

    SourceManifest manifest = SourceManifest.read(sourceFs, layout, splits(sourceFs, layout, config));
    LOG.info("Listed {} images in {} ms", manifest.imageCount(), (System.nanoTime() - start) / 1_000_000);
    List<Shard> shards = ShardPlanner.plan(
        manifest.images(), config.shards(), spark.sparkContext().defaultParallelism(), config.seed());

    AtomicDirectory output = AtomicDirectory.beginReplacing(outputFs, config.output(), "--output");
    try {
      List<Rejection> rejections = new ArrayList<>(manifest.rejections());
      long writeStart = System.nanoTime();
      rejections.addAll(writeImages(layout, manifest, shards, config, output.staging()));
      LOG.info("Read, validated and wrote {} images in {} ms", manifest.imageCount(),
          (System.nanoTime() - writeStart) / 1_000_000);
      rejections.sort(Comparator.comparing(Rejection::split).thenComparing(Rejection::path));
      writeRejections(rejections, output.staging());
      DatasetMetadata metadata = summarise(output.staging(), layout, manifest, rejections, config.seed());
      metadata.write(outputFs, output.staging());
      CatalogWrite catalog = ResultsCatalog.begin(spark, "ingest", null, metadata.datasetId());
      try {
        register(catalog, outputFs.makeQualified(config.output()), metadata, output.staging());
        catalog.commit();
        output.commit();
      } catch (RuntimeException e) {
        catalog.rollback();
        throw e;
      }
      LOG.info("Published {} after {} ms", output.target(), (System.nanoTime() - start) / 1_000_000);
      return new IngestResult(output.target(), metadata, List.copyOf(rejections), manifest.repeatedLines(),
          Duration.ofNanos(System.nanoTime() - start));
    } finally {
      output.abort();
    }
  }

  /** The splits asked for by name, else those the source holds, said on the console. */
  private Set<Split> splits(FileSystem sourceFs, MiniPlacesLayout layout, IngestConfig config) {
    if (config.splits() != null) {
      return config.splits();
    }
    Set<Split> present = SourceManifest.present(sourceFs, layout);
    String absent = Arrays.stream(Split.values()).filter(split -> !present.contains(split))
        .map(SourceManifest::markerName)
        .collect(Collectors.joining(", "));
    progressOut.printf(Locale.ROOT, "Ingesting the splits %s holds: %s%s%n", layout.root(),
        present.stream().map(Split::id).collect(Collectors.joining(", ")),
        absent.isEmpty() ? "" : " (no " + absent + "; --splits names the ones to require)");
    progressOut.flush();
    return present;
  }

  /** Reads and writes every image, a job per split; returns the images refused on the executors. */
  private List<Rejection> writeImages(
      MiniPlacesLayout layout, SourceManifest manifest, List<Shard> shards, IngestConfig config, Path staging) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> hadoopConf =
        jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    CollectionAccumulator<Rejection> rejected = spark.sparkContext().collectionAccumulator("ingest rejected");
    try (LiveAccumulator done = LiveAccumulator.register(spark.sparkContext(), "ingest images read");
        ConsoleProgress progress = new ConsoleProgress("ingest", "images", manifest.imageCount(), done::value,
            progressOut, Duration.ofSeconds(5))) {
      ShardReader reader = new ShardReader(jsc.broadcast(shards), hadoopConf, layout.imagesDir(),
          manifest.categories(), new ImageInspector(config.maxPixels()), rejected, done.accumulator());
      for (Split split : manifest.images().keySet()) {
        List<Integer> splitShards = IntStream.range(0, shards.size())
            .filter(i -> shards.get(i).split() == split)
            .boxed()
            .toList();
        if (splitShards.isEmpty()) {
          continue;
        }
        // One partition per shard, so each task writes exactly one file. Writing each split's folder directly,
        // rather than with partitionBy(split), spares the sort that Spark puts before a partitioned write,
        // which would hold a task's every image in memory before the first byte is written.
        JavaRDD<Row> rows = jsc.parallelize(splitShards, splitShards.size()).flatMap(reader);
        spark.createDataFrame(rows, ImageTable.FILE_SCHEMA)
            .write()
            .mode(SaveMode.ErrorIfExists)
            .option("parquet.block.size", ROW_GROUP_BYTES)
            // Unique values gain nothing from dictionary encoding, and trying it costs CPU on every image.
            .option("parquet.enable.dictionary#" + ImageTable.IMAGE, false)
            .option("parquet.enable.dictionary#" + ImageTable.SHA256, false)
            .option("parquet.enable.dictionary#" + ImageTable.PATH, false)
            .option("parquet.enable.dictionary#" + ImageTable.IMAGE_ID, false)
            .parquet(new Path(staging, ImageTable.splitFolder(split.id())).toString());
      }
    }
    // A task that is re-run after a failure adds its rejections again; one per image is the truth.
    return List.copyOf(new LinkedHashSet<>(rejected.value()));
  }

  static final StructType DATASET_SCHEMA = new StructType()
      .add("path", DataTypes.StringType, false)
      .add("source", DataTypes.StringType, false)
      .add("created_at", DataTypes.StringType, false)
      .add("classes", DataTypes.IntegerType, false)
      .add("train_images", DataTypes.LongType, false)
      .add("val_images", DataTypes.LongType, false)
      .add("test_images", DataTypes.LongType, false)
      .add("rejected", DataTypes.LongType, false);

  /** The dataset (a row of {@code datasets}) and what it refused ({@code rejected_images}) in the catalog. */
  private void register(CatalogWrite catalog, Path published, DatasetMetadata metadata, Path staging) {
    java.util.function.ToLongFunction<String> images = split -> metadata.splits()
        .getOrDefault(split, new DatasetMetadata.SplitSummary(0, 0, 0, 0)).images();
    long rejected = metadata.splits().values().stream().mapToLong(DatasetMetadata.SplitSummary::rejected).sum();
    catalog.append("datasets", spark.createDataFrame(List.of(RowFactory.create(published.toString(),
        metadata.source(), metadata.createdAt(), metadata.classes().size(), images.applyAsLong("train"),
        images.applyAsLong("val"), images.applyAsLong("test"), rejected)), DATASET_SCHEMA));
    catalog.append("rejected_images", spark.read().parquet(new Path(staging, ImageTable.REJECTED_DIR).toString())
        .withColumn("dataset", org.apache.spark.sql.functions.lit(published.toString())));
  }

  private void writeRejections(List<Rejection> rejections, Path staging) {
    List<Row> rows = rejections.stream()
        .map(r -> RowFactory.create(r.split().id(), r.path(), r.reason()))
        .toList();
    spark.createDataFrame(rows, ImageTable.REJECTED_SCHEMA)
        .coalesce(1)
        .write()
        .parquet(new Path(staging, ImageTable.REJECTED_DIR).toString());
  }

  /** Counts what was written, from the Parquet files themselves, and checks the image ids are unique. */
  private DatasetMetadata summarise(
      Path staging, MiniPlacesLayout layout, SourceManifest manifest, List<Rejection> rejections, long seed) {
    Map<Split, Integer> filesBySplit = new EnumMap<>(Split.class);
    for (Split split : manifest.images().keySet()) {
      filesBySplit.put(split, parquetFiles(new Path(staging, ImageTable.splitFolder(split.id()))).size());
    }
    if (filesBySplit.values().stream().allMatch(files -> files == 0)) {
      throw nothingAccepted(layout, rejections);
    }
    // One pass over three small columns gives the counts per split and, in the rollup's total row (split null),
    // proves the image ids unique across the dataset.
    List<Row> rows = spark.read().parquet(staging.toString())
        .rollup(ImageTable.SPLIT)
        .agg(count("*").as("images"), sum(ImageTable.NUM_BYTES).as("bytes"),
            countDistinct(ImageTable.IMAGE_ID).as("ids"))
        .collectAsList();
    Map<String, Row> counts = new LinkedHashMap<>();
    for (Row row : rows) {
      if (row.isNullAt(0)) {
        if (row.getLong(1) != row.getLong(3)) {
          throw new IllegalStateException((row.getLong(1) - row.getLong(3))
              + " image ids collide; report this with the dataset's paths");
        }
      } else {
        counts.put(row.getString(0), row);
      }
    }
    if (counts.isEmpty()) {
      throw nothingAccepted(layout, rejections); // Spark still wrote one empty file to hold the schema
    }
    Map<String, Long> rejectedBySplit = rejections.stream()
        .collect(Collectors.groupingBy(r -> r.split().id(), Collectors.counting()));

    Map<String, DatasetMetadata.SplitSummary> splits = new LinkedHashMap<>();
    for (Split split : manifest.images().keySet()) {
      Row row = counts.get(split.id());
      splits.put(split.id(), new DatasetMetadata.SplitSummary(
          row == null ? 0 : row.getLong(1),
          rejectedBySplit.getOrDefault(split.id(), 0L),
          filesBySplit.get(split),
          row == null ? 0 : row.getLong(2)));
    }
    return new DatasetMetadata(ImageTable.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now().toString(),
        layout.root().toString(), DatasetMetadata.classEntries(manifest.categories()), splits, seed);
  }

  private static MiniplacesException nothingAccepted(MiniPlacesLayout layout, List<Rejection> rejections) {
    return new MiniplacesException("No image of " + layout.root() + " was accepted (" + rejections.size()
        + " refused; first: " + (rejections.isEmpty() ? "none" : rejections.get(0).reason()) + ")");
  }

  private List<Path> parquetFiles(Path dir) {
    try {
      FileSystem fs = filesystem(dir, spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(dir)) {
        return List.of();
      }
      return Arrays.stream(fs.listStatus(dir, p -> p.getName().endsWith(".parquet")))
          .map(FileStatus::getPath)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }

  private static FileSystem filesystem(Path path, Configuration conf) {
    try {
      return path.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("No filesystem for " + path, e);
    }
  }
}
