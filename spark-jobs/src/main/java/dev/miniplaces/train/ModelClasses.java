package dev.miniplaces.train;

import dev.miniplaces.InvalidInputException;
import dev.miniplaces.dataset.DatasetMetadata;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Refuses a model on a dataset of other classes before any work is done: scoring it would label predictions by
 * ids the dataset does not have, and training it would fail in a task with a shape error.
 */
public final class ModelClasses {
  private ModelClasses() {}

  /** The classes the model's (first) output predicts. */
  public static long of(ComputationGraph model) {
    return model.layerSize(model.getConfiguration().getNetworkOutputs().get(0));
  }

  /**
   * Throws unless {@code model} predicts the dataset's classes: as many, and the same ones in the same order
   * where its manifest lists them.
   *
   * @param manifest the model file's manifest, if it has one
   * @param data the dataset, as the message names it
   * @param model the model, as the message names it: its path, or its run
   * @param remedy what the user can do, said after the mismatch
   */
  public static void require(ComputationGraph graph, Optional<ModelManifest> manifest, DatasetMetadata metadata,
      String data, String model, String remedy) {
    long predicted = of(graph);
    List<String> dataset = ModelManifest.classPaths(metadata);
    if (predicted != dataset.size()) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "%s predicts %d classes, and dataset %s has %d: %s", model, predicted, data, dataset.size(), remedy));
    }
    List<String> trained = manifest.map(ModelManifest::classes).orElse(dataset);
    for (int id = 0; id < dataset.size(); id++) {
      if (!trained.get(id).equals(dataset.get(id))) {
        throw new InvalidInputException(String.format(Locale.ROOT,
            "%s was trained on other classes than dataset %s has (class %d is %s there, %s here): %s", model,
            data, id, trained.get(id), dataset.get(id), remedy));
      }
    }
  }
}
