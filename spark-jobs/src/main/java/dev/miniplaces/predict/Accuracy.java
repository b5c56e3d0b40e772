package dev.miniplaces.predict;

import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;

/** Top-1 and top-k accuracy of a set of predictions, in percent, sample-weighted as the reference reports it. */
public record Accuracy(long examples, long top1Hits, long topKHits) implements Serializable {
  public static Accuracy of(JavaRDD<Prediction> predictions) {
    return predictions.map(p -> new Accuracy(1, p.top1() ? 1 : 0, p.topK() ? 1 : 0))
        .fold(new Accuracy(0, 0, 0), Accuracy::plus);
  }

  public Accuracy plus(Accuracy other) {
    return new Accuracy(examples + other.examples, top1Hits + other.top1Hits, topKHits + other.topKHits);
  }

  public double top1() {
    return examples == 0 ? Double.NaN : 100.0 * top1Hits / examples;
  }

  public double topK() {
    return examples == 0 ? Double.NaN : 100.0 * topKHits / examples;
  }
}
