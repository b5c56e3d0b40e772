package dev.miniplaces.train;

import dev.miniplaces.predict.Accuracy;
import dev.miniplaces.predict.TopK;
import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.BaseOutputLayer;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the workers' training steps measure, summed on the driver through Spark accumulators: the loss of every
 * step, and top-1/top-5 hits of the training batches (the reference's train accuracy, on augmented images, with
 * the weights before the step). The predictions cost one small matrix product per batch: the output layer's input
 * and labels are still in place when the backward pass ends, so no extra forward pass is needed.
 */
public final class TrainingStatistics extends BaseTrainingListener implements Serializable {
  private static final long serialVersionUID = 1L;

  private final DoubleAccumulator lossSum;
  private final LongAccumulator steps;
  private final LongAccumulator examples;
  private final LongAccumulator top1;
  private final LongAccumulator top5;

  public TrainingStatistics(SparkContext sc) {
    this.lossSum = sc.doubleAccumulator("train loss sum");
    this.steps = sc.longAccumulator("train steps");
    this.examples = sc.longAccumulator("train examples");
    this.top1 = sc.longAccumulator("train top-1 hits");
    this.top5 = sc.longAccumulator("train top-5 hits");
  }

  /** Totals since the last reset. */
  public record Totals(double lossSum, long steps, long examples, long top1, long top5) {
    public double meanLoss() {
      return steps == 0 ? Double.NaN : lossSum / steps;
    }

    public double top1Percent() {
      return examples == 0 ? Double.NaN : 100.0 * top1 / examples;
    }

    public double top5Percent() {
      return examples == 0 ? Double.NaN : 100.0 * top5 / examples;
    }

    public Totals minus(Totals earlier) {
      return new Totals(lossSum - earlier.lossSum, steps - earlier.steps, examples - earlier.examples,
          top1 - earlier.top1, top5 - earlier.top5);
    }
  }

  public Totals totals() {
    return new Totals(lossSum.sum(), steps.sum(), examples.sum(), top1.sum(), top5.sum());
  }

  @Override
  public void onBackwardPass(Model model) {
    if (!(((ComputationGraph) model).getOutputLayer(0) instanceof BaseOutputLayer<?> dense)
        || dense.getLabels() == null || dense.input() == null) {
      return;
    }
    INDArray labels = dense.getLabels();
    INDArray input = dense.input();
    // Softmax keeps the order of the logits, so ranks come from x·W + b.
    INDArray logits = input.mmul(dense.getParam("W")).addiRowVector(dense.getParam("b"));
    Accuracy hits = TopK.hits(logits, labels.argMax(1).toIntVector(), 5);
    examples.add(hits.examples());
    top1.add(hits.top1Hits());
    top5.add(hits.topKHits());
  }

  @Override
  public void iterationDone(Model model, int iteration, int epoch) {
    lossSum.add(model.score());
    steps.add(1);
  }
}
