package dev.miniplaces.report;

import static dev.miniplaces.report.ReportPage.count;
import static dev.miniplaces.report.ReportPage.mean;
import static dev.miniplaces.report.ReportPage.number;
import static dev.miniplaces.report.ReportPage.percent;

import dev.miniplaces.analysis.AdversarialJob;
import dev.miniplaces.analysis.AttentionJob;
import dev.miniplaces.train.TrainConfig;
import dev.miniplaces.train.TrainingCurves;
import dev.miniplaces.train.TrainingMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** Turns the runs' results into a {@link ReportPage}: formats the numbers, draws the charts, embeds the images. */
final class ReportBuilder {
  private static final int MOST_CONFUSED = 10;

  private final SparkSession spark;
  private final FileSystem fs;
  private int images;

  ReportBuilder(SparkSession spark, FileSystem fs) {
    this.spark = spark;
    this.fs = fs;
  }

  ReportPage build(String title, List<RunResults> runs, Map<String, ModelFacts> facts) {
    List<ReportPage.Figure> comparison = new ArrayList<>();
    if (runs.size() > 1) {
      comparison.add(chart("Validation top-1 of every run, epoch by epoch", ReportCharts.perEpoch(
          "Validation top-1", "top-1 (%)", runs, TrainingMetrics.Epoch::valTop1)));
      comparison.add(chart("Training loss of every run", ReportCharts.lossByEpoch(runs)));
      comparison.add(chart("Training throughput of every run (images per second of wall time, epoch by epoch)",
          ReportCharts.perEpoch("Training throughput", "images/s", runs,
              TrainingMetrics.Epoch::imagesPerSecond)));
    }
    if (runs.stream().filter(r -> !r.adversarial().isEmpty()).count() > 1) {
      comparison.add(chart("Top-1 under attack of every run", ReportCharts.robustness(runs)));
    }
    List<ReportPage.RunSection> sections = runs.stream().map(this::section).toList();
    return new ReportPage(title, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        runs.stream().map(run -> row(run, facts.get(run.name()))).toList(), comparison,
        ConvolutionPairs.of(runs, facts), sections, images);
  }

  private static ReportPage.RunRow row(RunResults run, ModelFacts facts) {
    List<TrainingMetrics.Epoch> epochs = run.epochs();
    TrainConfig config = run.config();
    return new ReportPage.RunRow(run.name(), anchor(run), config.model(), facts.convolution(),
        count(facts.parameters()), epochs.size() + " / " + config.epochs(),
        epochs.isEmpty() ? "-" : percent(epochs.stream().mapToDouble(TrainingMetrics.Epoch::valTop1).max()
            .getAsDouble()),
        epochs.isEmpty() ? "-" : percent(epochs.get(epochs.size() - 1).valTop5()),
        epochs.isEmpty() ? "-" : number(mean(epochs, TrainingMetrics.Epoch::seconds), 1),
        epochs.isEmpty() ? "-" : number(mean(epochs, TrainingMetrics.Epoch::imagesPerSecond), 1),
        facts.trainingBytesPerWorkerBatch().stream().mapToObj(ReportPage::megabytes).findFirst().orElse("n/a"),
        config.data());
  }

  private ReportPage.RunSection section(RunResults run) {
    List<ReportPage.Figure> curves = new ArrayList<>();
    if (!run.iterations().isEmpty()) {
      curves.add(chart("Training loss and learning rate", TrainingCurves.lossChart(run.iterations())));
    }
    if (!run.epochs().isEmpty()) {
      curves.add(chart("Train and validation top-1 / top-5", TrainingCurves.accuracyChart(run.epochs())));
    }
    return new ReportPage.RunSection(run.name(), anchor(run), run.runDir().toString(), recipe(run.config()), curves,
        run.evaluation().map(this::evaluation).orElse(null),
        run.attention().map(dir -> pngs(new Path(dir, AttentionJob.GRIDS))).orElse(List.of()),
        run.attention().map(this::attentionSummary).orElse(null),
        run.adversarial().stream().map(this::attack).toList());
  }

  private static String recipe(TrainConfig c) {
    return String.format(Locale.ROOT, "%s, %d epochs (%d warm-up), global batch %d = %d workers x %d averaging "
            + "every %d steps, %s at lr %s per 256 images, %s %s, weight decay %s, %dx%d input, seed %d%s",
        c.model(), c.epochs(), c.warmupEpochs(), c.batchSize(), c.workers(), c.batchSize() / c.workers(),
        c.averagingFrequency(), c.optimizer().optionName(), c.learningRate(), c.optimizer().momentumName(),
        c.momentum(), c.weightDecay(), c.augmentation().outputSize(), c.augmentation().outputSize(), c.seed(), c.adversarial() == null ? "" : ", adversarial training "
            + c.adversarial());
  }

  private ReportPage.Evaluation evaluation(RunResults.Evaluation e) {
    Map<Integer, String> names = new TreeMap<>();
    e.perClass().forEach(c -> names.put(c.label(), c.name()));
    int classes = 1 + e.confusion().stream().mapToInt(c -> Math.max(c.label(), c.predicted())).max().orElse(0);
    List<String> classNames = new ArrayList<>();
    for (int i = 0; i < Math.max(classes, names.size()); i++) {
      classNames.add(names.getOrDefault(i, "#" + i));
    }
    List<ReportPage.ClassBar> bars = e.perClass().stream()
        .sorted(Comparator.comparingDouble(RunResults.ClassRow::top1).reversed())
        .map(c -> new ReportPage.ClassBar(c.name(), count(c.images()), percent(c.top1()), percent(c.top5()),
            number(c.top1(), 1))).toList();
    Map<Integer, Long> imagesOf = new TreeMap<>();
    e.perClass().forEach(c -> imagesOf.put(c.label(), c.images()));
    List<ReportPage.Confusion> confused = e.confusion().stream().filter(c -> c.label() != c.predicted())
        .sorted(Comparator.comparingLong(RunResults.ConfusionCell::count).reversed()).limit(MOST_CONFUSED)
        .map(c -> new ReportPage.Confusion(classNames.get(c.label()), classNames.get(c.predicted()),
            count(c.count()), percent(100.0 * c.count() / imagesOf.getOrDefault(c.label(), c.count()))))
        .toList();
    return new ReportPage.Evaluation(e.dir().toString(), e.split() + (e.tta() ? " (test-time flip)" : ""),
        count(e.images()), percent(e.top1()), percent(e.top5()), bars, confused,
        chart("Rows: true class; columns: predicted class (ids in class order: " + String.join(", ",
            classNames.subList(0, Math.min(classNames.size(), 12))) + (classNames.size() > 12 ? ", ..." : "")
            + ")", ReportCharts.confusion(e, classNames)));
  }

  private String attentionSummary(Path dir) {
    var row = spark.read().parquet(new Path(dir, AttentionJob.TABLE).toString())
        .agg(functions.count("*"), functions.avg("top10_share")).first();
    return String.format(Locale.ROOT, "%s: %,d images, on average %.1f %% of the saliency in the top 10 %% of "
        + "pixels", dir, row.getLong(0), 100 * row.getDouble(1));
  }

  private ReportPage.Attack attack(RunResults.Adversarial a) {
    List<ReportPage.Figure> figures = new ArrayList<>();
    image(new Path(a.dir(), AdversarialJob.CURVE), "Robustness curve").ifPresent(figures::add);
    figures.addAll(pngs(new Path(a.dir(), AdversarialJob.GRIDS)));
    return new ReportPage.Attack(a.attack(), a.dir().toString(),
        a.summaries().stream().map(ReportPage.AttackRow::of).toList(), figures);
  }

  /** The PNG files of a folder, by name, captioned with their names. */
  private List<ReportPage.Figure> pngs(Path dir) {
    try {
      if (!fs.exists(dir)) {
        return List.of();
      }
      return Arrays.stream(fs.listStatus(dir, p -> p.getName().endsWith(".png"))).map(FileStatus::getPath)
          .sorted(Comparator.comparing(Path::getName))
          .flatMap(p -> image(p, p.getName().replace(".png", "").replace('-', ' ')).stream()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }

  private Optional<ReportPage.Figure> image(Path file, String caption) {
    try {
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(file)) {
        return Optional.of(figure(caption, in.readAllBytes()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  private ReportPage.Figure chart(String caption, org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
    return figure(caption, ReportCharts.png(chart));
  }

  private ReportPage.Figure figure(String caption, byte[] png) {
    images++;
    return new ReportPage.Figure(caption, "data:image/png;base64," + Base64.getEncoder().encodeToString(png));
  }

  static String anchor(RunResults run) {
    return "run-" + run.name().replaceAll("[^A-Za-z0-9_-]", "-");
  }
}
