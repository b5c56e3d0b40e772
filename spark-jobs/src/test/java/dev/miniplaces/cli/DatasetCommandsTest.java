package dev.miniplaces.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.testing.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset commands as a user runs them: exit codes, what they print, what they write. */
class DatasetCommandsTest {
  @TempDir Path dir;

  @Test
  void synthWritesTheMiniPlacesLayoutAndSaysWhere() throws Exception {
    Path out = dir.resolve("synth");

    CliRun run = CliRun.of("synth", "--output", out.toString(), "--classes", "3", "--per-class", "20",
        "--size", "32");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("3 classes, 60 train / 6 val / 6 test images", out.toString());
    assertThat(Files.readAllLines(out.resolve("train.txt"))).hasSize(60);
    assertThat(Files.readAllLines(out.resolve("categories.txt"))).hasSize(3);
    assertThat(run.err()).contains("synth: 72/72 images (100.0%)");
  }

  @Test
  void synthRefusesOutOfRangeValuesNamingTheOption() {
    CliRun run = CliRun.of("synth", "--output", dir.toString(), "--classes", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("miniplaces synth: Invalid value for option '--classes': 0 (must be between 1 and 125)");
  }

  @Test
  void importFashionMnistWritesRealImagesFromTheDebianPackage() throws Exception {
    Path out = dir.resolve("fashion");

    CliRun run = CliRun.of("import-fashion-mnist", "--output", out.toString(), "--limit", "50");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("10 classes, 50 train / 50 val / 0 test images");
    assertThat(Files.readAllLines(out.resolve("val.txt"))).hasSize(50);
  }

  @Test
  void importFashionMnistNamesAMissingSourceFolder() {
    CliRun run = CliRun.of("import-fashion-mnist", "--source", dir.resolve("nope").toString(),
        "--output", dir.resolve("out").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("error: Fashion-MNIST folder not found: " + dir.resolve("nope"));
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void demoRunsTheWholePipelineAndPrintsWhereEverythingWent() {
    LocalSpark.get();
    Path work = dir.resolve("demo");

    CliRun run = CliRun.of("demo", "--work", work.toString(), "--data", "synth", "--classes", "3", "--per-class",
        "40", "--size", "32", "--epochs", "2", "--convolution-epochs", "1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("[1/8] synth", "[2/8] ingest", "[3/8] train", "epoch 2/2:", "[4/8] evaluate",
        "top-1", "[5/8] attention", "[6/8] adversarial", "[7/8] sql", "adversarial_top1", "saliency_top10_share",
        "[8/8] report", "Report on 3 run(s)", "Demo done", work.resolve("dataset").toString());
    Path model = work.resolve("runs/resnet-small");
    assertThat(model.resolve("attention-val/grids/sample-heat.png")).isNotEmptyFile();
    assertThat(model.resolve("adversarial-val/robustness.png")).isNotEmptyFile();
    assertThat(model.resolve("adversarial-val-untargeted/robustness.png")).isNotEmptyFile();
    // The summary shows the reference attack's three radii and the untargeted attack's two, each once.
    assertThat(run.out().lines().filter(line -> line.matches("least-likely +\\| 0\\.\\d+ +\\|.*"))).hasSize(3);
    assertThat(run.out().lines().filter(line -> line.matches("untargeted +\\| 0\\.\\d+ +\\|.*"))).hasSize(2);
    assertThat(LocalSpark.get().read().parquet(work.resolve("dataset").toString()).count()).isEqualTo(144);
    assertThat(LocalSpark.get().read().parquet(model.resolve("eval-val/per_class").toString()).count())
        .isEqualTo(3);
    assertThat(model.resolve("curves/accuracy.png")).isNotEmptyFile();
    for (String convolution : List.of("simplenet", "simplenet-custom")) {
      assertThat(work.resolve("runs/compare/" + convolution + "/metrics/epochs")).isDirectory();
    }
    assertThat(work.resolve("report/index.html")).content().contains("simplenet-custom against simplenet",
        "Run resnet-small", "untargeted PGD",
        "simplenet-custom, 1 epochs (0 warm-up), global batch 64", "adam at lr 0.002 per 256 images, beta1 0.9");
  }
}
