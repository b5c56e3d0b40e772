package dev.miniplaces.ingest;

import dev.miniplaces.layout.LabelledImage;
import dev.miniplaces.layout.Split;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Decides the dataset's file layout: which images go into which Parquet file, in which order.
 *
 * <p>Train rows are shuffled by permuting the list of paths on the driver before any image is read, so every file
 * holds a random mix of classes and no image byte crosses the network in a shuffle. Val and test keep file order
 * (evaluation reads them in order, as the reference kit does).
 *
 * <p>File count: at most {@link #MAX_IMAGES_PER_FILE} images a file, about 60 MB at MiniPlaces' ~12 KB per
 * 128x128 JPEG: big enough that per-file costs (task launch, footer read, namenode lookups) vanish, small enough
 * that 100K train images make 20 files, and with {@link DatasetWriter#ROW_GROUP_BYTES}-sized row groups about 80
 * units that readers on many executors can split between them. Never fewer files than the ingest has cores
 * (while each file keeps {@link #MIN_IMAGES_PER_FILE}), since one task writes one file.
 */
final class ShardPlanner {
  static final int MAX_IMAGES_PER_FILE = 5_000;
  static final int MIN_IMAGES_PER_FILE = 200;

  private ShardPlanner() {}

  /**
   * @param fixedShards files per split as the user asked, or null to size them
   * @param parallelism cores the ingest runs on
   */
  static List<Shard> plan(Map<Split, List<LabelledImage>> imagesBySplit, Integer fixedShards, int parallelism,
      long seed) {
    List<Shard> shards = new ArrayList<>();
    for (Map.Entry<Split, List<LabelledImage>> entry : imagesBySplit.entrySet()) {
      List<LabelledImage> images = new ArrayList<>(entry.getValue());
      if (entry.getKey() == Split.TRAIN) {
        Collections.shuffle(images, new Random(seed));
      }
      int count = fixedShards != null ? Math.min(fixedShards, images.size()) : fileCount(images.size(), parallelism);
      for (int i = 0; i < count; i++) {
        int from = (int) ((long) images.size() * i / count);
        int to = (int) ((long) images.size() * (i + 1) / count);
        shards.add(new Shard(entry.getKey(), i, List.copyOf(images.subList(from, to))));
      }
    }
    return shards;
  }

  static int fileCount(int images, int parallelism) {
    if (images == 0) {
      return 0;
    }
    int bySize = ceilDiv(images, MAX_IMAGES_PER_FILE);
    int byCores = Math.min(parallelism, ceilDiv(images, MIN_IMAGES_PER_FILE));
    return Math.max(bySize, byCores);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
