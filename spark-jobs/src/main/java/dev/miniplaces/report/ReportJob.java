package dev.miniplaces.report;

import dev.miniplaces.MiniplacesException;
import dev.miniplaces.spark.SparkFileSystems;
import dev.miniplaces.io.AtomicDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code miniplaces report}: one self-contained HTML page ({@value #PAGE}, every image inside it) about one or
 * more training runs, in the spirit of the homework's write-up: the runs compared, custom against built-in
 * convolution, and for each run its training curves, accuracy per class, confusion matrix, attention maps and
 * adversarial robustness, from what its jobs wrote into the run directory.
 */
public final class ReportJob {
  public static final String PAGE = "index.html";

  private final SparkSession spark;
  private final PrintWriter out;

  public ReportJob(SparkSession spark, PrintWriter out) {
    this.spark = spark;
    this.out = out;
  }

  public record Request(List<Path> runs, Path output, String title) {}

  public record Result(Path page, int runs, int images, long bytes) {}

  public Result run(Request request) {
    List<RunResults> runs = new ArrayList<>();
    Map<String, ModelFacts> facts = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    for (Path runDir : request.runs()) {
      RunResults run = RunResults.read(spark, SparkFileSystems.of(spark, runDir), runDir);
      if (!names.add(run.name())) { // two runs/<name> folders in different places: tell them apart
        run = run.named(run.runDir().getParent().getName() + "/" + run.name());
        names.add(run.name());
      }
      runs.add(run);
      facts.put(run.name(), ModelFacts.of(run.bestModel(), run.config().augmentation().outputSize(),
          run.config().batchSize() / run.config().workers()));
    }
    FileSystem fs = SparkFileSystems.of(spark, request.output());
    ReportPage page = new ReportBuilder(spark, fs).build(request.title(), runs, facts);
    byte[] html = HtmlReport.render(page).getBytes(StandardCharsets.UTF_8);

    AtomicDirectory output = AtomicDirectory.beginReplacing(fs, request.output(), "--out");
    try {
      try (OutputStream file = fs.create(new Path(output.staging(), PAGE), false)) {
        file.write(html);
      }
      output.commit();
    } catch (IOException e) {
      throw new MiniplacesException("Cannot write the report to " + request.output() + ": " + e.getMessage(), e);
    } finally {
      output.abort();
    }
    Path written = fs.makeQualified(new Path(request.output(), PAGE));
    out.printf(Locale.ROOT, "Report on %d run(s), %d images, %.1f MB: %s%n", runs.size(), page.images(),
        html.length / 1e6, written);
    out.flush();
    return new Result(written, runs.size(), page.images(), html.length);
  }
}
