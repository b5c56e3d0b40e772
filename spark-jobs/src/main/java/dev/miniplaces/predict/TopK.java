package dev.miniplaces.predict;

import org.nd4j.linalg.api.ndarray.INDArray;

/** The k best classes of each row of scores (probabilities or logits: only their order matters). */
public final class TopK {
  private TopK() {}

  /** Indices of the {@code k} largest scores of each row, best first; ties go to the lower class index. */
  public static int[][] indices(INDArray scores, int k) {
    float[][] rows = scores.toFloatMatrix();
    int[][] best = new int[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      best[r] = indices(rows[r], k);
    }
    return best;
  }

  public static int[] indices(float[] row, int k) {
    int n = Math.min(k, row.length);
    int[] best = new int[n];
    int filled = 0;
    for (int c = 0; c < row.length; c++) {
      int at = filled < n ? filled++ : n;
      // insertion into the sorted prefix; a strictly larger score moves ahead, so ties keep class order
      while (at > 0 && row[c] > row[best[at - 1]]) {
        if (at < n) {
          best[at] = best[at - 1];
        }
        at--;
      }
      if (at < n) {
        best[at] = c;
      }
    }
    return best;
  }

  /** Top-1 and top-{@code k} hits of a batch of scores against integer labels. */
  public static Accuracy hits(INDArray scores, int[] labels, int k) {
    int[][] best = indices(scores, k);
    long top1 = 0;
    long topK = 0;
    for (int r = 0; r < best.length; r++) {
      if (best[r][0] == labels[r]) {
        top1++;
      }
      for (int c : best[r]) {
        if (c == labels[r]) {
          topK++;
          break;
        }
      }
    }
    return new Accuracy(best.length, top1, topK);
  }
}
