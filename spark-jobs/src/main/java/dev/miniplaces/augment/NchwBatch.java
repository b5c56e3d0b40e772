package dev.miniplaces.augment;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Samples in the networks' input layout: normalised CHW floats of one size stacked into a float32 NCHW batch. */
public final class NchwBatch {
  private NchwBatch() {}

  public static INDArray of(List<float[]> samples, int size) {
    int perSample = 3 * size * size;
    float[] flat = new float[samples.size() * perSample];
    for (int i = 0; i < samples.size(); i++) {
      System.arraycopy(samples.get(i), 0, flat, i * perSample, perSample);
    }
    return Nd4j.create(flat, new long[] {samples.size(), 3, size, size}, DataType.FLOAT);
  }
}
