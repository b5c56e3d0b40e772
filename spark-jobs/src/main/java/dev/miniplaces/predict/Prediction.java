package dev.miniplaces.predict;

import java.io.Serializable;

/**
 * A model's answer for one image: its best classes, best first, with their probabilities.
 *
 * @param label the true class, or -1 for an unlabelled (test) image
 */
public record Prediction(long imageId, int label, int[] classes, float[] probabilities) implements Serializable {
  public boolean top1() {
    return classes[0] == label;
  }

  public boolean topK() {
    for (int c : classes) {
      if (c == label) {
        return true;
      }
    }
    return false;
  }
}
