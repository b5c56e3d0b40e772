package dev.miniplaces.zoo;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * What a zoo model is built for.
 *
 * @param numClasses outputs of the classifier, >= 2
 * @param inputSize height and width of the square RGB input the configuration is built for, >= 32; every zoo
 *     model ends in a global average pool, so a network built for 128 also runs on 160 (evaluation size)
 * @param seed seed of the weight initialisation
 * @param dataType parameter and activation type, FLOAT or DOUBLE
 */
public record ModelSpec(int numClasses, int inputSize, long seed, DataType dataType) {
  public static final int MIN_INPUT_SIZE = 32;

  public ModelSpec {
    if (numClasses < 2) {
      throw new IllegalArgumentException("Invalid number of classes: " + numClasses + " (must be >= 2)");
    }
    if (inputSize < MIN_INPUT_SIZE) {
      throw new IllegalArgumentException(
          "Invalid input size: " + inputSize + " (must be >= " + MIN_INPUT_SIZE + ")");
    }
    if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
      throw new IllegalArgumentException("Invalid data type: " + dataType + " (FLOAT or DOUBLE)");
    }
  }

  /** MiniPlaces: 100 classes at 128x128, float32. */
  public static ModelSpec miniPlaces(long seed) {
    return new ModelSpec(100, 128, seed, DataType.FLOAT);
  }
}
