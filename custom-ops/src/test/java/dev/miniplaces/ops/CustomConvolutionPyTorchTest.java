package dev.miniplaces.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.ops.ConvNets.Shape;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The custom convolution against PyTorch's own {@code conv2d}: outputs and the gradients of input, weights and
 * bias, in float64, from the golden files of fixtures/pytorch-conv (made by its generate.py).
 */
class CustomConvolutionPyTorchTest {
  private static Path fixtures() {
    String root = System.getProperty("miniplaces.fixtures", "../fixtures");
    return Path.of(root, "pytorch-conv");
  }

  @SuppressWarnings("unchecked")
  static Stream<Map<String, Object>> cases() throws Exception {
    Map<String, Object> index = new ObjectMapper().readValue(fixtures().resolve("cases.json").toFile(), Map.class);
    return ((List<Map<String, Object>>) index.get("cases")).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPyTorchConv2dAndItsGradients(Map<String, Object> c) {
    String name = (String) c.get("name");
    int k = (int) c.get("kernel");
    Shape shape = new Shape((int) c.get("batch"), (int) c.get("channels"), (int) c.get("height"),
        (int) c.get("width"), (int) c.get("filters"),
        new ConvGeometry(k, k, (int) c.get("stride"), (int) c.get("stride"), (int) c.get("padding"),
            (int) c.get("padding")));
    MultiLayerNetwork net = ConvNets.network(ConvNets.custom(shape, Activation.IDENTITY), shape, DataType.DOUBLE,
        null, 0, 1);
    net.initGradientsView();
    Layer layer = net.getLayer(0);
    layer.setParam(CustomConvolutionParams.WEIGHT_KEY, load(name, "w"));
    layer.setParam(CustomConvolutionParams.BIAS_KEY, load(name, "b"));
    LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();

    layer.setInput(load(name, "x"), noWorkspaces);
    INDArray y = layer.activate(true, noWorkspaces);
    Pair<Gradient, INDArray> grads = layer.backpropGradient(load(name, "g"), noWorkspaces);

    assertClose("y", y, load(name, "y"));
    assertClose("dx", grads.getSecond(), load(name, "dx"));
    assertClose("dw", grads.getFirst().getGradientFor(CustomConvolutionParams.WEIGHT_KEY), load(name, "dw"));
    assertClose("db", grads.getFirst().getGradientFor(CustomConvolutionParams.BIAS_KEY), load(name, "db"));
  }

  private static INDArray load(String name, String key) {
    File file = fixtures().resolve(name + "." + key + ".npy").toFile();
    return Nd4j.createFromNpyFile(file).castTo(DataType.DOUBLE);
  }

  private static void assertClose(String what, INDArray actual, INDArray expected) {
    assertThat(actual.shape()).as(what).containsExactly(expected.shape());
    double maxAbs = actual.sub(expected).amaxNumber().doubleValue();
    assertThat(maxAbs).as("%s: max |custom - PyTorch|", what).isLessThan(1e-10);
  }
}
