package dev.miniplaces.analysis;

import dev.miniplaces.augment.Augmenter;
import dev.miniplaces.dataset.DatasetMetadata;
import dev.miniplaces.dataset.ImageTable;
import dev.miniplaces.image.ImageDecoder;
import dev.miniplaces.image.RejectedImageException;
import dev.miniplaces.ingest.IngestConfig;
import dev.miniplaces.train.DatasetSplits;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** A few images of a split, fetched to the driver by id for drawing: their evaluation inputs and class names. */
final class SplitImages {
  private final SparkSession spark;
  private final Path data;
  private final String split;
  private final Map<Integer, String> classNames = new HashMap<>();

  SplitImages(SparkSession spark, Path data, String split, DatasetMetadata metadata) {
    this.spark = spark;
    this.data = data;
    this.split = split;
    for (DatasetMetadata.ClassEntry c : metadata.classes()) {
      classNames.put(c.id(), c.name());
    }
  }

  /** The normalised evaluation input, {@code size} square, of each image of {@code ids} that still decodes. */
  Map<Long, float[]> evaluationInputs(List<Long> ids, int size) {
    ImageDecoder decoder = new ImageDecoder(IngestConfig.DEFAULT_MAX_PIXELS);
    Map<Long, float[]> inputs = new HashMap<>();
    List<Row> rows = DatasetSplits.rows(spark, data, split)
        .where(functions.col(ImageTable.IMAGE_ID).isin(ids.toArray())).collectAsList();
    for (Row row : rows) {
      try {
        inputs.put(row.getLong(0), Augmenter.evaluation(decoder.decodeRgb((byte[]) row.get(1)), size, false));
      } catch (RejectedImageException e) {
        // Counted by the job that scored it; a drawing just leaves it out.
      }
    }
    return inputs;
  }

  /** A class's readable name; "?" for an unknown label. */
  String className(Integer label) {
    return label == null || label < 0 ? "?" : classNames.getOrDefault(label, "#" + label);
  }
}
