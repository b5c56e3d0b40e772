package dev.miniplaces.gradients;

import dev.miniplaces.zoo.ModelSpec;
import dev.miniplaces.zoo.ModelZoo;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

/** Noisy 32x32 images whose class shows in their colour cast, and zoo models briefly trained on them. */
final class ColourCastTask {
  static final int CLASSES = 4;
  static final int SIZE = 32;

  private ColourCastTask() {}

  /** {@code n} images, example i of class i % 4. */
  static DataSet batch(int n, long seed, DataType type) {
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.rand(DataType.DOUBLE, n, 3, SIZE, SIZE).subi(0.5);
    Nd4j.getRandom().setSeed(17);
    INDArray classColours = Nd4j.rand(DataType.DOUBLE, CLASSES, 3).subi(0.5).muli(2);
    INDArray y = Nd4j.zeros(DataType.DOUBLE, n, CLASSES);
    for (int i = 0; i < n; i++) {
      y.putScalar(i, i % CLASSES, 1);
      for (int c = 0; c < 3; c++) {
        x.get(NDArrayIndex.point(i), NDArrayIndex.point(c)).addi(classColours.getDouble(i % CLASSES, c));
      }
    }
    return new DataSet(x.castTo(type), y.castTo(type));
  }

  /** {@code model} fitted for {@code steps} Adam steps, so that its batch norms' running statistics have moved. */
  static ComputationGraph trained(String model, DataType type, int steps) {
    ComputationGraph net = new TransferLearning.GraphBuilder(ModelZoo.get(model).build(
        new ModelSpec(CLASSES, SIZE, 3, type)))
        .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(1e-3)).build())
        .build()
        .convertDataType(type); // the fine-tuning builder leaves a float32 network
    DataSet train = batch(16, 5, type);
    for (int i = 0; i < steps; i++) {
      net.fit(train);
    }
    return net;
  }

  static int[] labels(DataSet batch) {
    return batch.getLabels().argMax(1).toIntVector();
  }
}
