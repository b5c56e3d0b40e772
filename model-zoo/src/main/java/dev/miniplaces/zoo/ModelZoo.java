package dev.miniplaces.zoo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/** The models by name, and what each costs: parameters and the size of its saved weights. */
public final class ModelZoo {
  private static final Map<String, ZooModel> MODELS = new LinkedHashMap<>();

  static {
    for (ZooModel model : List.of(SimpleNet.builtIn(), SimpleNet.custom(), new ResNetSmall(), new VggSmall())) {
      MODELS.put(model.name(), model);
    }
  }

  private ModelZoo() {}

  public static List<String> names() {
    return List.copyOf(MODELS.keySet());
  }

  /** The model called {@code name}; the error lists the names there are. */
  public static ZooModel get(String name) {
    ZooModel model = MODELS.get(name);
    if (model == null) {
      throw new IllegalArgumentException("Unknown model: '" + name + "' (choose from " + String.join(", ", names())
          + ")");
    }
    return model;
  }

  /**
   * @param parameters trainable and batch-norm parameters
   * @param savedBytes the model file as {@code ModelSerializer} writes it without updater state: what the
   *     challenge's "model file < 10 MB" limits
   */
  public record Facts(String name, long parameters, long savedBytes) {}

  public static Facts facts(ZooModel model, ModelSpec spec) {
    ComputationGraph graph = model.build(spec);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try {
      ModelSerializer.writeModel(graph, file, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Facts(model.name(), graph.numParams(), file.size());
  }
}
