package dev.miniplaces.report;

import dev.miniplaces.analysis.AdversarialJob;
import dev.miniplaces.train.TrainingMetrics;
import java.util.List;
import java.util.Locale;

/**
 * What the report template shows, as plain values already formatted for reading: the template
 * ({@code report.html.mustache}) holds the layout and no logic. Images are data URIs, so the page is one file.
 */
public record ReportPage(String title, String generatedAt, List<RunRow> runs, List<Figure> comparison,
    List<ConvolutionPair> convolutionPairs, List<RunSection> sections, int images) {

  public int runCount() {
    return runs.size();
  }

  public boolean hasConvolutionPairs() {
    return !convolutionPairs.isEmpty();
  }

  /** An image in the page, with its caption. */
  public record Figure(String caption, String src) {}

  /** One line of the table comparing runs. */
  public record RunRow(String name, String anchor, String model, String convolution, String parameters,
      String epochs, String bestTop1, String finalTop5, String secondsPerEpoch, String imagesPerSecond,
      String memory, String dataset) {}

  /** A run on the custom convolution against its twin on the built-in one: same model and recipe. */
  public record ConvolutionPair(String builtIn, String custom, String speed, String memory, String topGap,
      List<ConvolutionEpoch> epochs) {}

  public record ConvolutionEpoch(int epoch, String builtInTop1, String customTop1, String builtInLoss,
      String customLoss) {}

  /** Everything about one run. */
  public record RunSection(String name, String anchor, String runDir, String recipe, List<Figure> curves,
      Evaluation evaluation, List<Figure> attention, String attentionDir, List<Attack> attacks) {}

  public record Evaluation(String dir, String split, String images, String top1, String top5,
      List<ClassBar> classes, List<Confusion> confused, Figure matrix) {}

  /** A class's accuracy, with the bar width in percent. */
  public record ClassBar(String name, String images, String top1, String top5, String width) {}

  public record Confusion(String trueClass, String predicted, String images, String share) {}

  public record Attack(String attack, String dir, List<AttackRow> rows, List<Figure> figures) {}

  public record AttackRow(String epsilon, String cleanTop1, String adversarialTop1, String adversarialTop5,
      String successRate, String maxLinf) {
    static AttackRow of(AdversarialJob.Summary s) {
      return new AttackRow(number(s.epsilon(), 3), percent(s.cleanTop1()), percent(s.adversarialTop1()),
          percent(s.adversarialTop5()), percent(s.successRate()), number(s.maxLinf(), 5));
    }
  }

  static String percent(double value) {
    return String.format(Locale.ROOT, "%.2f %%", value);
  }

  static String number(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  static double mean(List<TrainingMetrics.Epoch> epochs,
      java.util.function.ToDoubleFunction<TrainingMetrics.Epoch> metric) {
    return epochs.stream().mapToDouble(metric).average().orElse(Double.NaN);
  }
}
