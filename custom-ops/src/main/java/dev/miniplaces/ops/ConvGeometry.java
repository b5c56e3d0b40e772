package dev.miniplaces.ops;

import java.io.Serializable;

/**
 * The shape rules of a 2D convolution without dilation: kernel, stride and zero padding per axis, and the output
 * size they give, {@code floor((in + 2P - K) / S) + 1}. Invalid values are refused with the numbers in the message.
 *
 * @param kernelH kernel height, >= 1
 * @param kernelW kernel width, >= 1
 * @param strideH vertical stride, >= 1
 * @param strideW horizontal stride, >= 1
 * @param padH zero rows added above and below, >= 0
 * @param padW zero columns added left and right, >= 0
 */
public record ConvGeometry(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW)
    implements Serializable {

  public ConvGeometry {
    require(kernelH >= 1 && kernelW >= 1, "kernel " + kernelH + "x" + kernelW + " (must be >= 1)");
    require(strideH >= 1 && strideW >= 1, "stride " + strideH + "x" + strideW + " (must be >= 1)");
    require(padH >= 0 && padW >= 0, "padding " + padH + "x" + padW + " (must be >= 0)");
  }

  /** Output height for an input of {@code inH} rows; refuses a kernel larger than the padded input. */
  public int outH(long inH) {
    return outSize("height", inH, kernelH, strideH, padH);
  }

  /** Output width for an input of {@code inW} columns; refuses a kernel larger than the padded input. */
  public int outW(long inW) {
    return outSize("width", inW, kernelW, strideW, padW);
  }

  private static int outSize(String axis, long in, int kernel, int stride, int pad) {
    if (kernel > in + 2L * pad) {
      throw new IllegalArgumentException("Invalid convolution: kernel " + axis + " " + kernel
          + " is larger than the input " + axis + " " + in + " + 2 x padding " + pad + " = " + (in + 2L * pad));
    }
    return (int) ((in + 2L * pad - kernel) / stride + 1);
  }

  private static void require(boolean valid, String what) {
    if (!valid) {
      throw new IllegalArgumentException("Invalid convolution " + what);
    }
  }
}
