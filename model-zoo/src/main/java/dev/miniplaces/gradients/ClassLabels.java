package dev.miniplaces.gradients;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Class indices to and from the [N, classes] arrays the networks read and write. */
final class ClassLabels {
  private ClassLabels() {}

  static INDArray oneHot(int[] classes, long numClasses, DataType type) {
    INDArray labels = Nd4j.zeros(type, classes.length, numClasses);
    for (int i = 0; i < classes.length; i++) {
      labels.putScalar(i, classes[i], 1.0);
    }
    return labels;
  }

  static int[] argMax(INDArray scores) {
    return scores.argMax(1).toIntVector();
  }

  static int[] argMin(INDArray scores) {
    return scores.neg().argMax(1).toIntVector();
  }
}
