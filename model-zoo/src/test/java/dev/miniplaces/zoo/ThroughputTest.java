package dev.miniplaces.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class ThroughputTest {
  @Test
  void measuresTrainingAndInferenceAndTrainingChangesTheWeights() {
    ComputationGraph net = ModelZoo.get("simplenet").build(new ModelSpec(100, 32, 1, DataType.FLOAT));
    var before = net.params().dup();

    Throughput.Result result = Throughput.measure(net, 4, 32, 2, 1);

    assertThat(result.trainImagesPerSecond()).isPositive();
    // Which is faster is for benchmarks to say: two timed iterations on a busy machine may rank either way.
    assertThat(result.inferImagesPerSecond()).isPositive();
    assertThat(net.params()).isNotEqualTo(before);
  }
}
