package dev.miniplaces.ingest;

import dev.miniplaces.dataset.ImageId;
import dev.miniplaces.image.ImageInfo;
import dev.miniplaces.image.ImageInspector;
import dev.miniplaces.image.RejectedImageException;
import dev.miniplaces.layout.Categories;
import dev.miniplaces.layout.LabelledImage;
import dev.miniplaces.layout.Rejection;
import dev.miniplaces.spark.SerializableConfiguration;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on executors: reads each image of a shard once, validates it by decoding it whole, and turns it into a
 * row of {@link dev.miniplaces.dataset.ImageTable#FILE_SCHEMA}. A file that is missing, unreadable or not a usable image
 * becomes a {@link Rejection} in an accumulator instead; nothing a single file holds can fail the task.
 */
final class ShardReader implements FlatMapFunction<Integer, Row> {
  private static final Logger LOG = LoggerFactory.getLogger(ShardReader.class);

  /** Larger files are refused unread: a Parquet value, and a task's memory, should never hold one. */
  static final int MAX_FILE_BYTES = 128 << 20;

  private final Broadcast<List<Shard>> shards;
  private final Broadcast<SerializableConfiguration> hadoopConf;
  private final String imagesDir;
  private final Categories categories;
  private final ImageInspector inspector;
  private final CollectionAccumulator<Rejection> rejections;
  private final LongAccumulator imagesDone;

  /**
   * @param shards the whole plan, broadcast once: a task gets only its shard's position in it, not thousands of
   *     paths in its own serialized closure
   */
  ShardReader(Broadcast<List<Shard>> shards, Broadcast<SerializableConfiguration> hadoopConf, Path imagesDir, Categories categories,
      ImageInspector inspector, CollectionAccumulator<Rejection> rejections, LongAccumulator imagesDone) {
    this.shards = shards;
    this.hadoopConf = hadoopConf;
    this.imagesDir = imagesDir.toString();
    this.categories = categories;
    this.inspector = inspector;
    this.rejections = rejections;
    this.imagesDone = imagesDone;
  }

  @Override
  public Iterator<Row> call(Integer shardPosition) throws IOException {
    Shard shard = shards.value().get(shardPosition);
    Path root = new Path(imagesDir);
    FileSystem fs = withoutLocalChecksums(root.getFileSystem(hadoopConf.value().value()));
    MessageDigest sha256 = sha256();
    // Lazy: a shard's rows stream into the Parquet writer one at a time instead of piling up in memory.
    return shard.images().stream()
        .map(image -> {
          Row row = toRowOrReject(fs, root, image, sha256);
          imagesDone.add(1);
          return row;
        })
        .filter(Objects::nonNull)
        .iterator();
  }

  /** Never throws for one image's sake: a failure nobody foresaw still refuses only that image, with its cause. */
  private Row toRowOrReject(FileSystem fs, Path root, LabelledImage image, MessageDigest sha256) {
    try {
      return toRow(fs, root, image, sha256);
    } catch (RuntimeException e) {
      LOG.warn("Refusing {}: unexpected failure", image.relativePath(), e);
      sha256.reset();
      return reject(image, "could not be processed: " + e);
    }
  }

  private Row toRow(FileSystem fs, Path root, LabelledImage image, MessageDigest sha256) {
    byte[] bytes;
    try {
      bytes = read(fs, new Path(root, image.relativePath()));
    } catch (FileNotFoundException e) {
      return reject(image, image.split().isLabelled()
          ? "listed in " + image.split().labelFileName().orElseThrow() + " but missing"
          : "disappeared after the folder was listed");
    } catch (IOException e) {
      return reject(image, "unreadable file: " + e.getMessage());
    }
    if (bytes.length > MAX_FILE_BYTES) {
      return reject(image, "file larger than " + (MAX_FILE_BYTES >> 20) + " MB");
    }
    ImageInfo info;
    try {
      info = inspector.inspect(bytes);
    } catch (RejectedImageException e) {
      return reject(image, e.reason());
    }
    Integer label = image.label();
    return RowFactory.create(
        ImageId.of(image.relativePath()),
        image.relativePath(),
        label,
        label == null ? null : categories.get(label).name(),
        info.format().name().toLowerCase(Locale.ROOT),
        info.width(),
        info.height(),
        info.channels(),
        bytes.length,
        HexFormat.of().formatHex(sha256.digest(bytes)),
        bytes);
  }

  /**
   * Local image folders have no .crc side files (images are copied in by hand), and looking for one per image
   * doubles the filesystem calls; the decoder checks the content. HDFS keeps verifying its block checksums.
   */
  private static FileSystem withoutLocalChecksums(FileSystem fs) {
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }

  private static byte[] read(FileSystem fs, Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return in.readNBytes(MAX_FILE_BYTES + 1);
    }
  }

  private Row reject(LabelledImage image, String reason) {
    rejections.add(new Rejection(image.split(), image.relativePath(), reason));
    return null;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }
}
