package dev.miniplaces.report;

import dev.miniplaces.analysis.AdversarialJob;
import dev.miniplaces.charts.LineCharts;
import dev.miniplaces.train.TrainingMetrics;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The charts a report draws itself (those comparing runs, and the confusion matrix), as PNG bytes. */
final class ReportCharts {
  private ReportCharts() {}

  static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot draw " + chart.getTitle(), e);
    }
  }

  /** One line per run of an epoch metric, e.g. validation top-1. */
  static XYChart perEpoch(String title, String yTitle, List<RunResults> runs,
      ToDoubleFunction<TrainingMetrics.Epoch> metric) {
    XYChart chart = LineCharts.create(title, "epoch", yTitle);
    for (RunResults run : runs) {
      if (!run.epochs().isEmpty()) {
        chart.addSeries(run.name(), values(run.epochs(), TrainingMetrics.Epoch::epoch), values(run.epochs(),
            metric));
      }
    }
    return chart;
  }

  /** One line per run of the logged training loss, against the epoch (runs may differ in steps per epoch). */
  static XYChart lossByEpoch(List<RunResults> runs) {
    XYChart chart = LineCharts.create("Training loss", "epoch", "loss");
    for (RunResults run : runs) {
      List<TrainingMetrics.Iteration> logged = run.iterations();
      if (logged.isEmpty()) {
        continue;
      }
      chart.addSeries(run.name(), epochFractions(logged), values(logged, TrainingMetrics.Iteration::loss))
          .setMarker(SeriesMarkers.NONE);
    }
    return chart;
  }

  /** Adversarial top-1 against ε, one line per run and attack. */
  static XYChart robustness(List<RunResults> runs) {
    XYChart chart = LineCharts.create("Top-1 under attack", "epsilon (normalised input units)", "top-1 (%)");
    for (RunResults run : runs) {
      for (RunResults.Adversarial attack : run.adversarial()) {
        List<AdversarialJob.Summary> rows = attack.summaries();
        chart.addSeries(run.name() + ": " + attack.attack(), values(rows, AdversarialJob.Summary::epsilon),
            values(rows, AdversarialJob.Summary::adversarialTop1));
      }
    }
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0).setLegendPosition(Styler.LegendPosition.InsideSW);
    return chart;
  }

  /** Row-normalised confusion matrix: the share of each true class's images given each prediction. */
  static HeatMapChart confusion(RunResults.Evaluation evaluation, List<String> classNames) {
    int classes = classNames.size();
    long[] imagesOf = new long[classes];
    for (RunResults.ConfusionCell cell : evaluation.confusion()) {
      imagesOf[cell.label()] += cell.count();
    }
    List<Number[]> cells = new ArrayList<>();
    for (RunResults.ConfusionCell cell : evaluation.confusion()) {
      cells.add(new Number[] {cell.predicted(), cell.label(), 100.0 * cell.count() / imagesOf[cell.label()]});
    }
    int side = Math.min(1200, Math.max(500, 12 * classes + 250));
    HeatMapChart chart = new HeatMapChartBuilder().width(side).height(side)
        .title("Confusion matrix (% of each true class)").xAxisTitle("predicted").yAxisTitle("true class").build();
    chart.getStyler().setShowValue(classes <= 20).setHeatMapValueDecimalPattern("#0").setMin(0).setMax(100)
        .setRangeColors(new Color[] {Color.WHITE, new Color(0x9ecae1), new Color(0x08306b)});
    chart.getStyler().setChartBackgroundColor(Color.WHITE).setLegendVisible(false);
    List<Integer> axis = new ArrayList<>();
    for (int i = 0; i < classes; i++) {
      axis.add(i);
    }
    chart.addSeries("confusion", axis, axis, cells);
    return chart;
  }

  /** Each logged iteration's position in epochs, e.g. 2.5 half-way through the third epoch. */
  private static double[] epochFractions(List<TrainingMetrics.Iteration> logged) {
    double[] x = new double[logged.size()];
    int start = 0;
    while (start < logged.size()) {
      int epoch = logged.get(start).epoch();
      int end = start;
      while (end < logged.size() && logged.get(end).epoch() == epoch) {
        end++;
      }
      for (int i = start; i < end; i++) {
        x[i] = epoch - 1 + (i - start + 1.0) / (end - start);
      }
      start = end;
    }
    return x;
  }

  private static <T> double[] values(List<T> rows, ToDoubleFunction<T> column) {
    return rows.stream().mapToDouble(column).toArray();
  }
}
