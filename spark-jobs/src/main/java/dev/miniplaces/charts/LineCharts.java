package dev.miniplaces.charts;

import dev.miniplaces.MiniplacesException;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The project's line charts (training curves, robustness curves): one size and style, saved as PNG anywhere. */
public final class LineCharts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 500;

  private LineCharts() {}

  public static XYChart create(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE).setChartBackgroundColor(java.awt.Color.WHITE);
    return chart;
  }

  /** Writes {@code chart} as a PNG file on any Hadoop filesystem; returns the file. */
  public static Path save(FileSystem fs, Path file, XYChart chart) {
    try (OutputStream out = fs.create(file, true)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      return file;
    } catch (IOException e) {
      throw new MiniplacesException("Cannot write " + fs.makeQualified(file) + ": " + e.getMessage(), e);
    }
  }
}
