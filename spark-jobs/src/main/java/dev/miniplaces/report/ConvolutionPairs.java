package dev.miniplaces.report;

import static dev.miniplaces.report.ReportPage.mean;
import static dev.miniplaces.report.ReportPage.number;
import static dev.miniplaces.report.ReportPage.percent;

import dev.miniplaces.train.TrainConfig;
import dev.miniplaces.train.TrainingMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Custom against built-in convolution, from the runs themselves: each run on the custom convolution is paired
 * with a run of the same recipe and parameter count on the built-in one (the same network, e.g. simplenet-custom
 * and simplenet with the same seed). Speed is the ratio of training throughputs, memory that of DL4J's training
 * memory estimates, convergence the two validation curves epoch by epoch.
 */
final class ConvolutionPairs {
  private ConvolutionPairs() {}

  static List<ReportPage.ConvolutionPair> of(List<RunResults> runs, Map<String, ModelFacts> facts) {
    List<ReportPage.ConvolutionPair> pairs = new ArrayList<>();
    for (RunResults custom : runs) {
      if (!facts.get(custom.name()).customConvolution()) {
        continue;
      }
      runs.stream().filter(builtIn -> ModelFacts.BUILT_IN.equals(facts.get(builtIn.name()).convolution()))
          .filter(builtIn -> facts.get(builtIn.name()).parameters() == facts.get(custom.name()).parameters())
          .filter(builtIn -> sameRecipe(builtIn.config(), custom.config()))
          .findFirst()
          .ifPresent(builtIn -> pairs.add(pair(builtIn, custom, facts)));
    }
    return pairs;
  }

  /** Everything but the model name alike: data, schedule, batch, seed, augmentation. */
  private static boolean sameRecipe(TrainConfig a, TrainConfig b) {
    return a.withModel(b.model()).equals(b);
  }

  private static ReportPage.ConvolutionPair pair(RunResults builtIn, RunResults custom,
      Map<String, ModelFacts> facts) {
    double speed = mean(custom.epochs(), TrainingMetrics.Epoch::imagesPerSecond)
        / mean(builtIn.epochs(), TrainingMetrics.Epoch::imagesPerSecond);
    OptionalLong customBytes = facts.get(custom.name()).trainingBytesPerWorkerBatch();
    OptionalLong builtInBytes = facts.get(builtIn.name()).trainingBytesPerWorkerBatch();
    String memory = customBytes.isPresent() && builtInBytes.isPresent() ? String.format(Locale.ROOT, "%.2fx",
        (double) customBytes.getAsLong() / builtInBytes.getAsLong()) : "n/a";
    List<ReportPage.ConvolutionEpoch> epochs = new ArrayList<>();
    double largestGap = 0;
    for (int i = 0; i < Math.min(builtIn.epochs().size(), custom.epochs().size()); i++) {
      TrainingMetrics.Epoch b = builtIn.epochs().get(i);
      TrainingMetrics.Epoch c = custom.epochs().get(i);
      largestGap = Math.max(largestGap, Math.abs(b.valTop1() - c.valTop1()));
      epochs.add(new ReportPage.ConvolutionEpoch(b.epoch(), percent(b.valTop1()), percent(c.valTop1()),
          lastLoss(builtIn, b.epoch()), lastLoss(custom, c.epoch())));
    }
    return new ReportPage.ConvolutionPair(builtIn.name(), custom.name(),
        String.format(Locale.ROOT, "%.2fx", speed), memory,
        number(largestGap, 2) + " points", epochs);
  }

  private static String lastLoss(RunResults run, int epoch) {
    return run.iterations().stream().filter(i -> i.epoch() == epoch).reduce((a, b) -> b)
        .map(i -> number(i.loss(), 4)).orElse("-");
  }
}
