package dev.miniplaces.ingest;

import dev.miniplaces.layout.Split;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.Path;

/**
 * A validated ingest request.
 *
 * @param source the MiniPlaces-layout folder to read, on any Hadoop filesystem
 * @param output the dataset folder to (re)place
 * @param splits which splits to ingest, each of which the source must have; null: every split the source has
 * @param shards Parquet files per split, or null to size them from the image count (see {@link ShardPlanner})
 * @param seed the seed of the train split's row shuffle
 * @param maxPixels images with more pixels are refused before decoding (decompression-bomb guard)
 */
public record IngestConfig(Path source, Path output, Set<Split> splits, Integer shards, long seed, long maxPixels) {
  public static final long DEFAULT_SEED = 42;
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  public IngestConfig {
    if (splits != null && splits.isEmpty()) {
      throw new IllegalArgumentException("Invalid splits: none given (choose from train, val, test)");
    }
    if (shards != null && shards < 1) {
      throw new IllegalArgumentException("Invalid shards: " + shards + " (must be >= 1)");
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("Invalid max pixels: " + maxPixels + " (must be >= 1)");
    }
    splits = splits == null ? null : Set.copyOf(EnumSet.copyOf(splits));
  }

  /** Every split the source holds: what {@code ingest} takes when {@code --splits} is not given. */
  public static IngestConfig allSplits(Path source, Path output) {
    return new IngestConfig(source, output, null, null, DEFAULT_SEED, DEFAULT_MAX_PIXELS);
  }
}
