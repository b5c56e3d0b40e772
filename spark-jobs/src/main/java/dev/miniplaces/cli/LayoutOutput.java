package dev.miniplaces.cli;

import dev.miniplaces.io.AtomicDirectory;
import dev.miniplaces.layout.MiniPlacesLayout;
import dev.miniplaces.layout.MiniPlacesWriter;
import dev.miniplaces.layout.WrittenDataset;
import dev.miniplaces.spark.ConsoleProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a generated MiniPlaces-layout folder (synth, import-fashion-mnist) the way ingest writes datasets: into
 * staging, published whole when complete, replacing an earlier version; with progress while it runs.
 */
final class LayoutOutput {
  private LayoutOutput() {}

  /**
   * @param label progress label: the command's name
   * @param total images to expect
   * @param body writes into the staging folder, telling progress of each image
   */
  static WrittenDataset write(String output, String label, long total, PrintWriter progressOut,
      BiFunction<MiniPlacesWriter, IntConsumer, WrittenDataset> body) {
    Path target = new Path(output);
    FileSystem fs;
    try {
      fs = target.getFileSystem(new Configuration());
    } catch (IOException e) {
      throw new UncheckedIOException("No filesystem for " + target, e);
    }
    AtomicDirectory folder = AtomicDirectory.beginReplacing(fs, target, "--output");
    LongAdder done = new LongAdder();
    try (ConsoleProgress progress =
        new ConsoleProgress(label, "images", total, done::sum, progressOut, Duration.ofSeconds(5))) {
      WrittenDataset written =
          body.apply(new MiniPlacesWriter(fs, new MiniPlacesLayout(folder.staging())), done::add);
      folder.commit();
      return new WrittenDataset(folder.target(), written.categories(), written.trainImages(),
          written.valImages(), written.testImages(), written.bytesWritten());
    } finally {
      folder.abort();
    }
  }

  static void printSummary(String what, WrittenDataset written, PrintWriter out) {
    out.printf(Locale.ROOT, "%s: %d classes, %,d train / %,d val / %,d test images, %.1f MB in %s%n", what,
        written.categories(), written.trainImages(), written.valImages(), written.testImages(),
        written.bytesWritten() / 1e6, written.root());
    out.flush();
  }
}
