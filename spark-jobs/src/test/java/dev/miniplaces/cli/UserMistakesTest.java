package dev.miniplaces.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.synth.SynthSpec;
import dev.miniplaces.testing.LocalSpark;
import dev.miniplaces.testing.SynthDatasets;
import dev.miniplaces.testing.TrainedSynthModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.FileUtils;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes a user makes with a trained model and with output folders, each refused before any work with a
 * message that names what to change, or handled as meant; on the shared trained synth model (4 classes).
 */
class UserMistakesTest {
  private static TrainedSynthModel trained;
  private static String run;
  private static String dataset;

  @TempDir Path dir;

  @BeforeAll
  static void train() {
    trained = TrainedSynthModel.get();
    run = trained.run().toString();
    dataset = trained.dataset().toString();
  }

  /** The model's own run directory copied, so that nothing here can harm the shared one. */
  private Path copyOfRun() throws IOException {
    Path copy = dir.resolve("run");
    FileUtils.copyDirectory(new java.io.File(run), copy.toFile());
    return copy;
  }

  /** Rewrites a file as a user's editor would, leaving no stale Hadoop checksum beside it. */
  private static void edit(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
  }

  @Test
  void aModelOnADatasetOfAnotherClassCountIsRefusedByEveryJob() {
    Path threeClasses = SynthDatasets.ingested(dir, new SynthSpec(3, 4, 4, 0, 40, 7));

    for (String job : new String[] {"evaluate", "attention", "adversarial"}) {
      CliRun refused = CliRun.of(job, "--model", run, "--data", threeClasses.toString(), "--out",
          dir.resolve(job).toString());

      assertThat(refused.exitCode()).as(job).isEqualTo(1);
      assertThat(refused.err()).as(job).contains("predicts 4 classes, and dataset file:" + threeClasses
          + " has 3: give the dataset it was trained on");
      assertThat(dir.resolve(job)).doesNotExist();
    }
  }

  @Test
  void aModelOnADatasetOfOtherClassesOfTheSameCountIsRefused() throws IOException {
    Path renamed = dir.resolve("renamed");
    FileUtils.copyDirectory(new java.io.File(dataset), renamed.toFile());
    Path metadata = renamed.resolve("_dataset.json");
    String json = Files.readString(metadata);
    String firstClass = json.replaceAll("(?s).*?\"path\" : \"([^\"]+)\".*", "$1");
    edit(metadata, json.replace("\"" + firstClass + "\"", "\"/z/zoo\""));

    CliRun refused = CliRun.of("evaluate", "--model", run, "--data", renamed.toString(), "--out",
        dir.resolve("eval").toString());

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("was trained on other classes than dataset", "(class 0 is " + firstClass
        + " there, /z/zoo here)");
  }

  @Test
  void aBareModelFileRunsAtItsOwnSizeAndWarnsWhenToldAnother() throws IOException {
    Path file = dir.resolve("model.zip");
    Files.copy(Path.of(run, "model_best", "model.zip"), file);

    CliRun own = CliRun.of("evaluate", "--model", file.toString(), "--data", dataset, "--out",
        dir.resolve("own").toString());
    assertThat(own.exitCode()).as(own.err()).isZero();
    assertThat(evalSize(dir.resolve("own"))).isEqualTo(TrainedSynthModel.EVAL_SIZE);
    assertThat(own.out()).doesNotContain("Warning");

    CliRun other = CliRun.of("evaluate", "--model", file.toString(), "--data", dataset, "--out",
        dir.resolve("other").toString(), "--eval-size", "48");
    assertThat(other.exitCode()).as(other.err()).isZero();
    assertThat(evalSize(dir.resolve("other"))).isEqualTo(48);
    assertThat(other.out()).contains("Warning: --eval-size 48 differs from the size model file:" + file
        + " was evaluated at in its run (40 px)");
  }

  @Test
  void aModelFileWrittenOutsideMiniplacesRunsAtTheReferenceSizeWithAWarning() throws IOException {
    Path file = dir.resolve("dl4j.zip");
    ModelSerializer.writeModel(ModelSerializer.restoreComputationGraph(Path.of(run, "model_best", "model.zip")
        .toFile(), false), file.toFile(), false);

    CliRun plain = CliRun.of("evaluate", "--model", file.toString(), "--data", dataset, "--out",
        dir.resolve("plain").toString());

    assertThat(plain.exitCode()).as(plain.err()).isZero();
    assertThat(evalSize(dir.resolve("plain"))).isEqualTo(160);
    assertThat(plain.out()).contains("records no input size", "running it at 160 px", "give --eval-size");
  }

  private static int evalSize(Path evaluation) {
    return LocalSpark.get().read().parquet(evaluation.resolve("summary").toString()).first()
        .getInt(LocalSpark.get().read().parquet(evaluation.resolve("summary").toString()).schema()
            .fieldIndex("eval_size"));
  }

  @Test
  void anOutputOverTheRunDirectoryIsRefusedAndTheCheckpointsStay() throws IOException {
    Path copy = copyOfRun();

    CliRun refused = CliRun.of("evaluate", "--model", copy.toString(), "--data", dataset, "--out", copy.toString());

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("--out file:" + copy + " must not be the model file:" + copy
        + "/model_best, be inside it, or hold it");
    assertThat(copy.resolve("model_best/model.zip")).exists();
    assertThat(copy.resolve("checkpoints")).isNotEmptyDirectory();
  }

  @Test
  void aFolderOfTheUsersOwnIsNeverReplaced() throws IOException {
    Path mine = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(mine.resolve("notes.txt"), "my notes");

    CliRun evaluate = CliRun.of("evaluate", "--model", run, "--data", dataset, "--out", mine.toString());
    CliRun demo = CliRun.of("demo", "--work", mine.toString());
    CliRun report = CliRun.of("report", "--run", run, "--out", mine.toString());

    for (CliRun refused : new CliRun[] {evaluate, demo, report}) {
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err()).contains(mine + " holds files this program did not write: give a new or empty "
          + "folder, or remove it first");
    }
    assertThat(demo.err()).contains("--work");
    assertThat(mine.resolve("notes.txt")).hasContent("my notes");
    try (var files = Files.list(mine)) {
      assertThat(files).containsExactly(mine.resolve("notes.txt"));
    }
  }

  @Test
  void aMissingModelIsNamedAsSuch() {
    Path missing = dir.resolve("no-such-run");

    CliRun run = CliRun.of("evaluate", "--model", missing.toString(), "--data", dataset);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("Model (--model) not found: file:" + missing).doesNotContain("--out'");
  }

  @Test
  void anUnwritableOutOrWarehouseStopsTrainingAtOnce() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "x"); // tests run as root: a file is what stops mkdir

    CliRun out = CliRun.of("train", "--data", dataset, "--out", file.resolve("run").toString(), "--epochs", "1",
        "--image-size", "32");
    CliRun warehouse = CliRun.of("train", "--data", dataset, "--out", dir.resolve("run").toString(), "--epochs",
        "1", "--image-size", "32", "--warehouse", file.resolve("warehouse").toString());

    assertThat(out.exitCode()).isEqualTo(1);
    assertThat(out.err()).contains("--out file:" + file.resolve("run") + " cannot be written");
    assertThat(warehouse.exitCode()).isEqualTo(1);
    assertThat(warehouse.err()).contains("warehouse " + file.resolve("warehouse") + " cannot be written",
        "give --warehouse a folder you may write");
    assertThat(dir.resolve("run")).doesNotExist();
  }

  @Test
  void resumingOnADatasetReingestedWithOtherClassesIsRefusedBeforeSparkTasks() throws IOException {
    Path copy = copyOfRun();
    Path reingested = dir.resolve("reingested");
    FileUtils.copyDirectory(new java.io.File(dataset), reingested.toFile());
    try (var states = Files.walk(copy.resolve("checkpoints"))) {
      for (Path state : states.filter(p -> p.getFileName().toString().equals("state.json")).toList()) {
        edit(state, Files.readString(state).replace(trained.dataset().toUri().getPath(),
            reingested.toString()));
      }
    }
    Path threeClasses = SynthDatasets.ingested(dir.resolve("three"), new SynthSpec(3, 4, 4, 0, 40, 7));
    FileUtils.deleteDirectory(reingested.toFile());
    FileUtils.moveDirectory(threeClasses.toFile(), reingested.toFile());

    CliRun resume = CliRun.of("train", "--resume", copy.toString());

    assertThat(resume.exitCode()).isEqualTo(1);
    assertThat(resume.err()).contains("The run in " + copy, "predicts 4 classes, and dataset",
        "has 3: resume it on the dataset it began with, or start a new run");
  }
}
