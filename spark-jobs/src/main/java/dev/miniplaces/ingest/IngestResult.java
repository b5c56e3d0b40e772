package dev.miniplaces.ingest;

import dev.miniplaces.dataset.DatasetMetadata;
import dev.miniplaces.layout.Rejection;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * What an ingest produced.
 *
 * @param output the published dataset folder
 * @param metadata the dataset's {@code _dataset.json}
 * @param rejections every refused image and label line, also in the dataset's {@code _rejected} table
 * @param repeatedLines identical label lines that counted once
 * @param elapsed wall time from the first listing to the publish
 */
public record IngestResult(
    Path output, DatasetMetadata metadata, List<Rejection> rejections, int repeatedLines, Duration elapsed) {

  public long acceptedImages() {
    return metadata.splits().values().stream().mapToLong(DatasetMetadata.SplitSummary::images).sum();
  }

  /** Images looked at (accepted or refused) per second of wall time. */
  public double imagesPerSecond() {
    long seen = acceptedImages() + rejections.size();
    return seen / Math.max(elapsed.toNanos() / 1e9, 1e-9);
  }
}
