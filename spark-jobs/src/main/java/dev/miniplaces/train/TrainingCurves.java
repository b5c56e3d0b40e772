package dev.miniplaces.train;

import dev.miniplaces.charts.LineCharts;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A run's training curves as PNG files in {@code curves/} of its run directory (any Hadoop filesystem):
 * {@code loss.png} (training loss and learning rate against the iteration) and {@code accuracy.png} (train and
 * validation top-1 and top-5 against the epoch). Redrawn from all the run's metrics after every epoch.
 */
public final class TrainingCurves {
  static final String DIR = "curves";

  private TrainingCurves() {}

  /** Writes the curves there is data for; returns the files written. */
  public static List<Path> write(FileSystem fs, Path runDir, List<TrainingMetrics.Iteration> iterations,
      List<TrainingMetrics.Epoch> epochs) {
    List<Path> written = new ArrayList<>();
    if (!iterations.isEmpty()) {
      written.add(LineCharts.save(fs, new Path(new Path(runDir, DIR), "loss.png"), lossChart(iterations)));
    }
    if (!epochs.isEmpty()) {
      written.add(LineCharts.save(fs, new Path(new Path(runDir, DIR), "accuracy.png"), accuracyChart(epochs)));
    }
    return written;
  }

  public static XYChart lossChart(List<TrainingMetrics.Iteration> iterations) {
    XYChart chart = LineCharts.create("Training loss and learning rate", "iteration", "loss");
    double[] x = values(iterations, TrainingMetrics.Iteration::iteration);
    chart.addSeries("loss", x, values(iterations, TrainingMetrics.Iteration::loss)).setMarker(SeriesMarkers.NONE);
    var lr = chart.addSeries("learning rate", x, values(iterations, TrainingMetrics.Iteration::learningRate));
    lr.setMarker(SeriesMarkers.NONE);
    lr.setYAxisGroup(1);
    chart.setYAxisGroupTitle(1, "learning rate");
    chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    return chart;
  }

  public static XYChart accuracyChart(List<TrainingMetrics.Epoch> epochs) {
    XYChart chart = LineCharts.create("Accuracy", "epoch", "accuracy (%)");
    double[] x = values(epochs, TrainingMetrics.Epoch::epoch);
    chart.addSeries("train top-1", x, values(epochs, TrainingMetrics.Epoch::trainTop1));
    chart.addSeries("train top-5", x, values(epochs, TrainingMetrics.Epoch::trainTop5));
    chart.addSeries("val top-1", x, values(epochs, TrainingMetrics.Epoch::valTop1));
    chart.addSeries("val top-5", x, values(epochs, TrainingMetrics.Epoch::valTop5));
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0)
        .setLegendPosition(Styler.LegendPosition.InsideSE); // accuracies rise: the lower right stays free
    return chart;
  }

  private static <T> double[] values(List<T> rows, ToDoubleFunction<T> column) {
    return rows.stream().mapToDouble(column).toArray();
  }
}
