package dev.miniplaces.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniplaces.MissingInputException;
import dev.miniplaces.analysis.AdversarialJob;
import dev.miniplaces.analysis.AttentionJob;
import dev.miniplaces.augment.Augmentation;
import dev.miniplaces.gradients.PgdAttack;
import dev.miniplaces.io.OwnedFolders;
import dev.miniplaces.predict.EvaluateJob;
import dev.miniplaces.testing.HeadlessChromium;
import dev.miniplaces.testing.LocalSpark;
import dev.miniplaces.testing.TrainedSynthModel;
import dev.miniplaces.train.TrainConfig;
import dev.miniplaces.train.TrainJob;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report on three real runs of a synthetic dataset: a vgg-small with every analysis (evaluation, attention, two
 * attacks), and SimpleNet on the built-in and on the custom convolution with the same recipe. The page is checked
 * as written, and as headless Chromium renders it.
 */
class ReportJobTest {
  @TempDir static Path dir;
  private static SparkSession spark;
  private static ReportJob.Result result;
  private static Document page;
  private static String log;

  @BeforeAll
  static void writeTheReport() throws Exception {
    spark = LocalSpark.get();
    TrainedSynthModel trained = TrainedSynthModel.get();
    Path analysed = dir.resolve("vgg");
    copy(Path.of(trained.run().toString()), analysed); // analyses go into the run directory: keep the shared one clean
    PrintWriter quiet = new PrintWriter(new StringWriter());
    org.apache.hadoop.fs.Path run = hadoop(analysed);
    new EvaluateJob(spark, quiet).run(new EvaluateJob.Request(run, trained.dataset(), "val", false, null,
        new org.apache.hadoop.fs.Path(run, "eval-val")));
    new AttentionJob(spark, quiet).run(new AttentionJob.Request(run, trained.dataset(), "val", null,
        new org.apache.hadoop.fs.Path(run, "attention-val"), 8, 1));
    new AdversarialJob(spark, quiet).run(new AdversarialJob.Request(run, trained.dataset(), "val", null,
        new org.apache.hadoop.fs.Path(run, "adversarial-val"), PgdAttack.Settings.REFERENCE, List.of(0.0, 0.1), 6,
        1));
    new AdversarialJob(spark, quiet).run(new AdversarialJob.Request(run, trained.dataset(), "val", null,
        new org.apache.hadoop.fs.Path(run, "adversarial-untargeted"), PgdAttack.Settings.REFERENCE.withTarget(
            PgdAttack.Target.UNTARGETED), List.of(0.0, 0.05, 0.1), 6, 1));

    for (String model : List.of("simplenet", "simplenet-custom")) {
      TrainConfig config = new TrainConfig(trained.dataset().toString(), model, 2, 32, 2, 2, 0.2, 0.9, 1e-4, 0, 3,
          Augmentation.reference(40, 32), 40, false, 2, 0);
      new TrainJob(spark, quiet, 0).start(config, hadoop(dir.resolve(model)));
    }

    StringWriter out = new StringWriter();
    result = new ReportJob(spark, new PrintWriter(out, true)).run(new ReportJob.Request(List.of(run,
        hadoop(dir.resolve("simplenet")), hadoop(dir.resolve("simplenet-custom"))), hadoop(dir.resolve("report")),
        "Synthetic scenes"));
    log = out.toString();
    page = Jsoup.parse(dir.resolve("report/index.html").toFile());
  }

  @Test
  void writesOneSelfContainedPage() {
    assertThat(dir.resolve("report").toFile().list((folder, name) -> !name.startsWith(".")))
        .as("one page, besides the local filesystem's checksum file and the folder's marker")
        .containsExactlyInAnyOrder("index.html", OwnedFolders.MARKER);
    assertThat(log).contains("Report on 3 run(s)", "report/index.html");
    List<Element> images = page.select("img");
    assertThat(images).hasSize(result.images()).allSatisfy(img ->
        assertThat(img.attr("src")).startsWith("data:image/png;base64,"));
    assertThat(page.select("link, script[src], iframe, object")).as("nothing loaded from elsewhere").isEmpty();
    assertThat(page.title()).isEqualTo("Synthetic scenes");
  }

  @Test
  void comparesTheRunsAndBothConvolutions() {
    List<Element> rows = page.select("#runs ~ table").first().select("tr:gt(0)");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).text()).contains("vgg", "vgg-small", "DL4J built-in");
    assertThat(rows.get(2).text()).contains("simplenet-custom", "custom im2col");
    Element convolution = page.getElementById("convolution");
    assertThat(convolution).isNotNull();
    assertThat(page.select("h3:contains(simplenet-custom against simplenet)")).hasSize(1);
    assertThat(page.select("p.headline:matches(speed \\d+\\.\\d\\dx . memory \\d+\\.\\d\\dx \\(DL4J estimate\\))"))
        .hasSize(1);
    assertThat(page.select("figcaption:contains(Validation top-1 of every run)")).hasSize(1);
  }

  @Test
  void showsEachAnalysisOfTheAnalysedRun() {
    Element section = page.getElementById("run-vgg");
    assertThat(section).isNotNull();
    String html = page.html();
    assertThat(html).contains("Accuracy of the best model (val)", "Training loss and learning rate",
        "Confusion matrix", "sample heat", "most confident", "least-likely PGD, 10 steps of 0.01",
        "untargeted PGD, 10 steps of 0.01");
    // One class row per synthetic class, and one attack row per radius of each attack.
    assertThat(page.select("td:matchesOwn(^\\d+\\.\\d\\d %$)")).isNotEmpty();
    assertThat(page.select("table:has(th:contains(attack success)) tr:gt(0)")).hasSize(2 + 3);
    assertThat(page.select("table:has(th:contains(share of the class))")).hasSize(1);
    assertThat(page.select("p.note:contains(No evaluation)")).as("the SimpleNet runs have none").hasSize(2);
  }

  @Test
  void loadsWithEveryImageInHeadlessChromium() throws Exception {
    Path report = dir.resolve("report/index.html");
    Document rendered = Jsoup.parse(HeadlessChromium.dumpDom(report, dir.resolve("chromium")));
    assertThat(rendered.body().attr("data-images-loaded"))
        .as("images decoded by the browser / images in the page").isEqualTo(result.images() + "/" + result.images());

    BufferedImage screenshot = ImageIO.read(HeadlessChromium.screenshot(report, dir.resolve("chromium"), 2400)
        .toFile());
    assertThat(screenshot.getWidth()).isEqualTo(1280);
    assertThat(distinctColours(screenshot)).as("a rendered page, not a blank one").isGreaterThan(50);
  }

  @Test
  void aRunWithoutAModelIsNamed() {
    org.apache.hadoop.fs.Path missing = hadoop(dir.resolve("no-such-run"));
    assertThatThrownBy(() -> new ReportJob(spark, new PrintWriter(new StringWriter())).run(new ReportJob.Request(
        List.of(missing), hadoop(dir.resolve("report-missing")), "x")))
        .isInstanceOf(MissingInputException.class).hasMessageContaining("no-such-run/model_best");
    assertThat(dir.resolve("report-missing")).doesNotExist();
  }

  private static void copy(Path from, Path to) throws java.io.IOException {
    try (var paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Files.copy(source, to.resolve(from.relativize(source).toString()));
      }
    }
  }

  private static int distinctColours(BufferedImage image) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }

  private static org.apache.hadoop.fs.Path hadoop(Path path) {
    return new org.apache.hadoop.fs.Path(path.toString());
  }
}
