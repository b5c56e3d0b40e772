package dev.miniplaces.train;

import dev.miniplaces.InvalidInputException;
import dev.miniplaces.MiniplacesException;
import dev.miniplaces.dataset.ImageTable;
import dev.miniplaces.train.TrainingBatches.LabelledImage;
import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/** The splits of an ingested dataset as the training and evaluation jobs read them. */
public final class DatasetSplits {
  private DatasetSplits() {}

  /** A split's {@code image_id}, {@code image} and {@code label} columns; a missing split is a clear error. */
  public static Dataset<Row> rows(SparkSession spark, Path data, String split) {
    Path folder = new Path(data, ImageTable.splitFolder(split));
    try {
      if (!folder.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(folder)) {
        throw new InvalidInputException("Dataset " + data + " has no " + split + " split (" + folder
            + " is missing): ingest it (ingest --splits)");
      }
    } catch (IOException e) {
      throw new MiniplacesException("Cannot read " + folder + ": " + e.getMessage(), e);
    }
    return spark.read().parquet(folder.toString()).select(ImageTable.IMAGE_ID, ImageTable.IMAGE, ImageTable.LABEL);
  }

  /**
   * A labelled split, still encoded, kept on the executors (memory, spilling to disk) for a whole run: every
   * averaging round picks its images out of it. An image without a label is an error naming it.
   */
  public static JavaRDD<LabelledImage> cachedLabelledImages(SparkSession spark, Path data, String split) {
    return rows(spark, data, split).javaRDD().map(row -> {
      if (row.isNullAt(2)) {
        throw new InvalidInputException("Image " + row.getLong(0) + " of the " + split + " split has no label");
      }
      return new LabelledImage(row.getLong(0), (byte[]) row.get(1), row.getInt(2));
    }).persist(StorageLevel.MEMORY_AND_DISK_SER());
  }

  /** The ids of a cached split, collected to the driver (8 bytes an image); this also fills the cache. */
  public static long[] ids(JavaRDD<LabelledImage> images) {
    return images.map(LabelledImage::id).collect().stream().mapToLong(Long::longValue).toArray();
  }
}
