package dev.miniplaces.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniplaces.MiniplacesException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

/** Checkpoints on the local Hadoop filesystem: round trips, which one is latest, damage, interrupted writes. */
class CheckpointsTest {
  @TempDir Path dir;
  private FileSystem fs;
  private Checkpoints checkpoints;
  private ComputationGraph model;

  @BeforeEach
  void setUp() throws Exception {
    fs = FileSystem.getLocal(new Configuration());
    checkpoints = new Checkpoints(fs, new org.apache.hadoop.fs.Path(dir.toString()));
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1)
        .updater(new Nesterovs(0.1, 0.9)).graphBuilder().addInputs("in")
        .addLayer("dense", new DenseLayer.Builder().nIn(3).nOut(4).build(), "in")
        .addLayer("out", new OutputLayer.Builder().nIn(4).nOut(2).build(), "dense")
        .setOutputs("out").build();
    model = new ComputationGraph(conf);
    model.init();
    model.fit(new DataSet(Nd4j.rand(DataType.FLOAT, 5, 3), Nd4j.eye(2).getRows(0, 1, 0, 1, 0)));
  }

  private static final ModelManifest MANIFEST = new ModelManifest("probe", 32, 36, List.of("/a/abbey", "/b/bar"),
      "ds-1");

  private static Checkpoints.State state(int epoch) {
    return new Checkpoints.State(epoch, epoch * 10L, 40.0 + epoch, "{\"epochs\": 9}");
  }

  @Test
  void theLatestCheckpointComesBackWithWeightsUpdaterAndState() {
    assertThat(checkpoints.latest()).isEmpty();
    checkpoints.save(model, state(1), MANIFEST);
    checkpoints.save(model, state(2), MANIFEST);

    Checkpoints.Checkpoint latest = checkpoints.latest().orElseThrow();

    assertThat(latest.state()).isEqualTo(state(2));
    assertThat(latest.model().params()).isEqualTo(model.params());
    assertThat(latest.model().getUpdater().getStateViewArray()).isEqualTo(model.getUpdater().getStateViewArray());
    assertThat(latest.path().getName()).isEqualTo("epoch-0002");
  }

  @Test
  void keepsTheLastTwoEpochsAndTheBestModelApart() {
    for (int epoch = 1; epoch <= 4; epoch++) {
      checkpoints.save(model, state(epoch), MANIFEST);
    }
    checkpoints.saveBest(model, state(3), MANIFEST);

    assertThat(dir.resolve("checkpoints").toFile().list()).containsExactlyInAnyOrder("epoch-0003", "epoch-0004");
    Checkpoints.Checkpoint best = checkpoints.read(new org.apache.hadoop.fs.Path(dir.resolve("model_best").toString()),
        false);
    assertThat(best.state().epoch()).isEqualTo(3);
    assertThat(best.model().params()).isEqualTo(model.params());
  }

  @Test
  void aModelFileCarriesItsManifestAndStillReadsAsDl4jsOwn() throws Exception {
    checkpoints.saveBest(model, state(1), MANIFEST);
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("model_best/model.zip").toString());

    assertThat(ModelFile.manifest(fs, file)).contains(MANIFEST);
    assertThat(checkpoints.read(file.getParent(), false).manifest()).contains(MANIFEST);
    try (var in = Files.newInputStream(dir.resolve("model_best/model.zip"))) {
      assertThat(ModelSerializer.restoreComputationGraph(in, false).params()).isEqualTo(model.params());
    }
  }

  @Test
  void aModelFileWrittenByDl4jAloneHasNoManifest() throws Exception {
    Path plain = dir.resolve("plain.zip");
    ModelSerializer.writeModel(model, plain.toFile(), false);

    ModelFile.Read read = ModelFile.read(fs, new org.apache.hadoop.fs.Path(plain.toString()), false);

    assertThat(read.manifest()).isEmpty();
    assertThat(read.model().params()).isEqualTo(model.params());
  }

  @Test
  void aHalfWrittenCheckpointIsNeverPickedUp() throws Exception {
    checkpoints.save(model, state(1), MANIFEST);
    // What a run killed while writing epoch 2 leaves: its staging folder, with a truncated model.
    Path staging = Files.createDirectories(dir.resolve("checkpoints").resolve("epoch-0002.staging-0"));
    Files.write(staging.resolve("model.zip"), new byte[] {'P', 'K'});

    assertThat(checkpoints.latest().orElseThrow().state().epoch()).isEqualTo(1);
  }

  @Test
  void aDamagedCheckpointIsAnErrorNamingItsPath() throws Exception {
    checkpoints.save(model, state(1), MANIFEST);
    Path zip = dir.resolve("checkpoints").resolve("epoch-0001").resolve("model.zip");
    Files.write(zip, new byte[] {1, 2, 3});

    assertThatThrownBy(() -> checkpoints.latest())
        .isInstanceOf(MiniplacesException.class)
        .hasMessageContaining("epoch-0001")
        .hasMessageContaining("is unreadable");
  }
}
