package dev.miniplaces.ops;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ReLU, max(0, x), with a backward pass made of two of libnd4j's vectorised loops: a step mask (1 where the
 * pre-activation is positive) and an elementwise multiply, both in place. DL4J's own {@code ActivationReLU} runs
 * its backward pass through a per-element {@code std::function} into a fresh array: 6.5% of a SimpleNet training
 * step's CPU time, against 1.8% for this one (docs/benchmarks.md). Same results as {@code ActivationReLU} with no
 * threshold, slope or cap.
 */
public final class FastRelu extends BaseActivationFunction {
  private static final long serialVersionUID = 1L;

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    Nd4j.getExecutioner().exec(new RectifiedLinear(in, in));
    return in;
  }

  /** Overwrites {@code in} with the gradient with respect to it, as DL4J's activations may. */
  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    assertShape(in, epsilon);
    Nd4j.getExecutioner().exec(new Step(in, in));
    return new Pair<>(in.muli(epsilon), null);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FastRelu;
  }

  @Override
  public int hashCode() {
    return FastRelu.class.hashCode();
  }

  @Override
  public String toString() {
    return "relu";
  }
}
