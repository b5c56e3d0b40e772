package dev.miniplaces.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.miniplaces.augment.Augmentation;
import dev.miniplaces.recipe.Optimizer;
import org.junit.jupiter.api.Test;

/** A run's configuration as checkpoints save it, and the rate its optimizer derives for the batch. */
class TrainConfigTest {
  private static TrainConfig run(Optimizer optimizer, double ratePer256) {
    return new TrainConfig("data", "simplenet", 4, 64, 2, 5, ratePer256, 0.9, 1e-4, 0, 1,
        Augmentation.reference(40, 32), 40, false, 10, 0, null, optimizer);
  }

  @Test
  void anAdamRunComesBackFromItsJsonAndScalesItsRateByTheSquareRoot() {
    TrainConfig adam = run(Optimizer.ADAM, 0.002);

    assertThat(TrainConfig.fromJson(adam.toJson())).isEqualTo(adam);
    assertThat(adam.scaledLearningRate()).isCloseTo(0.001, offset(1e-15));
    assertThat(adam.recipe(46).optimizer()).isEqualTo(Optimizer.ADAM);
    assertThat(run(Optimizer.SGD, 0.4).scaledLearningRate()).isCloseTo(0.1, offset(1e-15));
  }

  @Test
  void aConfigurationSavedBeforeOptimizersExistedIsTheReferencesSgd() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode saved = (ObjectNode) json.readTree(run(Optimizer.ADAM, 0.1).toJson());
    saved.remove("optimizer");

    TrainConfig old = TrainConfig.fromJson(json.writeValueAsString(saved));

    assertThat(old).isEqualTo(run(Optimizer.SGD, 0.1));
  }
}
