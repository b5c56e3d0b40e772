package dev.miniplaces.ops;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * The backward pass of max pooling given the forward pass's output: each output gradient goes to the first input
 * element of its window (row-major order, as libnd4j and PyTorch choose) that equals the window's recorded
 * maximum, or to its first NaN. Finding that element is one comparison per window element and needs no argmax
 * indices from the forward pass, so the forward pass stays libnd4j's (fast) kernel. libnd4j's own backward kernel
 * recomputes every maximum: 10% of a SimpleNet training step's CPU time, against 6% for this (docs/benchmarks.md).
 *
 * <p>Float32 NCHW only; planes (one image, one channel) run in parallel on the common fork-join pool.
 */
final class MaxPoolGradient {
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private MaxPoolGradient() {}

  /** Whether {@link #route} takes these arrays. */
  static boolean supports(INDArray... arrays) {
    // Reads and writes through host buffers: on a GPU backend the device copies would never see the writes.
    if (!Backend.current().hostKernels()) {
      return false;
    }
    for (INDArray array : arrays) {
      if (array.dataType() != DataType.FLOAT || array.rank() != 4) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes the input gradient into {@code gradIn} (NCHW, same shape as {@code input}). Returns false, leaving
   * {@code gradIn} undefined, if some window holds no element equal to its recorded maximum: {@code output} is not
   * the max pooling of {@code input} with this geometry.
   */
  static boolean route(INDArray input, INDArray output, INDArray gradOut, INDArray gradIn, ConvGeometry geometry) {
    FloatBuffer x = buffer(contiguous(input));
    FloatBuffer y = buffer(contiguous(output));
    FloatBuffer g = buffer(contiguous(gradOut));
    INDArray target = contiguous(gradIn);
    FloatBuffer gi = buffer(target);
    Plane plane = new Plane((int) input.size(2), (int) input.size(3), (int) output.size(2), (int) output.size(3),
        geometry);
    int planes = (int) (input.size(0) * input.size(1));
    boolean consistent = IntStream.range(0, planes).parallel().allMatch(p -> plane.route(p, x, y, g, gi));
    if (target != gradIn) {
      gradIn.assign(target);
    }
    return consistent;
  }

  private static INDArray contiguous(INDArray array) {
    boolean plain = !array.isView() && array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array);
    return plain ? array : array.dup('c');
  }

  private static FloatBuffer buffer(INDArray array) {
    return array.data().asNioFloat();
  }

  /** Sizes of one image channel before and after pooling, and the window geometry. */
  private record Plane(int h, int w, int outH, int outW, ConvGeometry geometry) {
    boolean route(int plane, FloatBuffer x, FloatBuffer y, FloatBuffer g, FloatBuffer gi) {
      int in = h * w;
      int out = outH * outW;
      Scratch s = SCRATCH.get().ensure(in, out);
      x.get(plane * in, s.input, 0, in);
      y.get(plane * out, s.output, 0, out);
      g.get(plane * out, s.gradOut, 0, out);
      Arrays.fill(s.gradIn, 0, in, 0f);
      for (int oy = 0; oy < outH; oy++) {
        int top = oy * geometry.strideH() - geometry.padH();
        int rowFrom = Math.max(top, 0);
        int rowTo = Math.min(top + geometry.kernelH(), h);
        for (int ox = 0; ox < outW; ox++) {
          int left = ox * geometry.strideW() - geometry.padW();
          int at = argMax(s.input, s.output[oy * outW + ox], rowFrom, rowTo, Math.max(left, 0),
              Math.min(left + geometry.kernelW(), w));
          if (at < 0) {
            return false;
          }
          s.gradIn[at] += s.gradOut[oy * outW + ox];
        }
      }
      gi.put(plane * in, s.gradIn, 0, in);
      return true;
    }

    /** The first position in the window holding {@code max} (or NaN when the maximum is NaN); -1 if none. */
    private int argMax(float[] input, float max, int rowFrom, int rowTo, int colFrom, int colTo) {
      boolean nan = Float.isNaN(max);
      for (int r = rowFrom; r < rowTo; r++) {
        for (int i = r * w + colFrom, end = r * w + colTo; i < end; i++) {
          float v = input[i];
          if (v == max || nan && Float.isNaN(v)) {
            return i;
          }
        }
      }
      return -1;
    }
  }

  /** Per-thread copies of one plane, so that the inner loops read heap arrays. */
  private static final class Scratch {
    float[] input = new float[0];
    float[] gradIn = new float[0];
    float[] output = new float[0];
    float[] gradOut = new float[0];

    Scratch ensure(int in, int out) {
      if (input.length < in) {
        input = new float[in];
        gradIn = new float[in];
      }
      if (output.length < out) {
        output = new float[out];
        gradOut = new float[out];
      }
      return this;
    }
  }
}
