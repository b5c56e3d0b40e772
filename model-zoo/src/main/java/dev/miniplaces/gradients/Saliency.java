package dev.miniplaces.gradients;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Gradient saliency maps (Simonyan et al. 2014) as the reference computes them: the predicted class is the
 * argmax of the output, the loss is the cross-entropy of that class, and the map is the absolute gradient of the
 * loss with respect to the normalised input, maximised over the colour channels. One forward and one backward
 * pass per batch, the model in inference mode ({@link InputGradientGraph}).
 */
public final class Saliency {
  private Saliency() {}

  /**
   * @param probabilities [N, classes] the model's output
   * @param predicted the argmax of each row
   * @param maps [N, H, W] saliency, non-negative
   */
  public record Batch(INDArray probabilities, int[] predicted, INDArray maps) {}

  public static Batch of(InputGradientGraph graph, INDArray features) {
    InputGradientGraph.Pass pass = graph.pass(features, probabilities -> ClassLabels.oneHot(
        ClassLabels.argMax(probabilities), probabilities.size(1), probabilities.dataType()));
    INDArray maps = Transforms.abs(pass.inputGradient(), false).max(1);
    return new Batch(pass.probabilities(), ClassLabels.argMax(pass.probabilities()), maps);
  }
}
