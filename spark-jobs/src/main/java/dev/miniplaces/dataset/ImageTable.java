package dev.miniplaces.dataset;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.types.StructType;

/**
 * The ingested image table: one row per accepted image, Parquet, partitioned by {@code split} (folders
 * {@code split=train}, {@code split=val}, {@code split=test}). Readable as one
 * table with {@code spark.read.parquet(datasetDir)}; the {@code _rejected} table and {@code _dataset.json} beside
 * the partitions start with an underscore, so Spark's partition discovery skips them.
 */
public final class ImageTable {
  /** Bumped whenever a column is added, removed or changes meaning; readers refuse versions they do not know. */
  public static final int SCHEMA_VERSION = 1;

  /** Stable 64-bit id: the first 8 bytes of SHA-256 over the UTF-8 path relative to images/ (see {@link ImageId}). */
  public static final String IMAGE_ID = "image_id";
  /** train, val or test; the partition column. */
  public static final String SPLIT = "split";
  /** Path relative to the source's images/ folder, as the label files write it: train/a/abbey/00000001.jpg. */
  public static final String PATH = "path";
  /** Category id from the label file; null for the unlabelled test split. */
  public static final String LABEL = "label";
  /** Category name without its letter folder (abbey, bakery/shop); null for test. */
  public static final String CATEGORY = "category";
  /** The encoding of {@link #IMAGE}: jpeg or png, sniffed from the bytes, whatever the file name says. */
  public static final String FORMAT = "format";
  public static final String WIDTH = "width";
  public static final String HEIGHT = "height";
  /** Colour components of the source: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA or CMYK/YCCK. */
  public static final String CHANNELS = "channels";
  /** Length of {@link #IMAGE} in bytes, so size queries need not read the image column. */
  public static final String NUM_BYTES = "num_bytes";
  /** Lower-case hex SHA-256 of {@link #IMAGE}: finds duplicates and checks copies. */
  public static final String SHA256 = "sha256";
  /** The original encoded file, byte for byte (never re-encoded). */
  public static final String IMAGE = "image";

  /** The columns stored in the Parquet files; {@link #SPLIT} is not among them, it is the folder name. */
  public static final StructType FILE_SCHEMA = new StructType()
      .add(IMAGE_ID, LongType, false)
      .add(PATH, StringType, false)
      .add(LABEL, IntegerType, true)
      .add(CATEGORY, StringType, true)
      .add(FORMAT, StringType, false)
      .add(WIDTH, IntegerType, false)
      .add(HEIGHT, IntegerType, false)
      .add(CHANNELS, IntegerType, false)
      .add(NUM_BYTES, IntegerType, false)
      .add(SHA256, StringType, false)
      .add(IMAGE, BinaryType, false);

  /** The table as {@code spark.read.parquet(datasetDir)} shows it: the file columns, then the partition column. */
  public static final StructType SCHEMA = FILE_SCHEMA.add(SPLIT, StringType, true);

  /** The folder of one split's files inside the dataset: {@code split=train}, as Spark's partition discovery reads it. */
  public static String splitFolder(String split) {
    return SPLIT + "=" + split;
  }

  /** The refused images and label lines, at {@code <dataset>/_rejected}. */
  public static final String REJECTED_DIR = "_rejected";

  public static final StructType REJECTED_SCHEMA = new StructType()
      .add(SPLIT, StringType, false)
      .add(PATH, StringType, false)
      .add("reason", StringType, false);

  private ImageTable() {}
}
