package dev.miniplaces.layout;

import org.apache.hadoop.fs.Path;

/**
 * What a dataset generator or importer wrote: where, how many classes and images per split, and how many bytes
 * in all (images and text files).
 */
public record WrittenDataset(
    Path root, int categories, int trainImages, int valImages, int testImages, long bytesWritten) {

  public int totalImages() {
    return trainImages + valImages + testImages;
  }

  public int images(Split split) {
    return switch (split) {
      case TRAIN -> trainImages;
      case VAL -> valImages;
      case TEST -> testImages;
    };
  }
}
