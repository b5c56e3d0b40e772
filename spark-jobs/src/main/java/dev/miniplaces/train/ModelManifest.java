package dev.miniplaces.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.miniplaces.dataset.DatasetMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * What a model file says about how its model is to be used, beside DL4J's own entries in the same zip: so that a
 * bare {@code model.zip}, copied away from its run, is still evaluated at its own size and on its own classes.
 *
 * @param model the zoo name it was built as
 * @param trainSize side of the training crop
 * @param evalSize side of the evaluation input its run used
 * @param classes the class list it predicts, in id order, as the dataset's category paths ({@code /a/abbey})
 * @param datasetId the dataset it was trained on
 */
public record ModelManifest(String model, int trainSize, int evalSize, List<String> classes, String datasetId) {
  /** The zip entry; written first, so that reading it does not go through the weights. */
  public static final String ENTRY = "miniplaces-model.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public ModelManifest {
    classes = List.copyOf(classes);
  }

  /** The manifest of a model trained by {@code config} on the dataset {@code metadata} describes. */
  public static ModelManifest of(TrainConfig config, DatasetMetadata metadata) {
    return new ModelManifest(config.model(), config.augmentation().outputSize(), config.evalSize(),
        classPaths(metadata), metadata.datasetId());
  }

  /** A dataset's classes as a manifest lists them. */
  public static List<String> classPaths(DatasetMetadata metadata) {
    return metadata.classes().stream().map(DatasetMetadata.ClassEntry::path).toList();
  }

  byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write a model manifest", e);
    }
  }

  static ModelManifest fromJson(InputStream in) throws IOException {
    return JSON.readValue(in, ModelManifest.class);
  }
}
