package dev.miniplaces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.ops.CustomConvolution;
import dev.miniplaces.testing.SparkHome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The custom convolution inside dl4j-spark parameter averaging on two executor JVMs ({@code local-cluster}):
 * configurations travel as JSON, parameters as arrays, and both training and evaluation (where custom layers are
 * known to fail) run on the executors.
 */
class CustomConvolutionSparkIT {
  private static final int SIZE = 10;

  @Test
  void trainsAndEvaluatesOnTwoExecutorJvms() {
    SparkHome.ensure(Path.of(System.getenv("SPARK_HOME")));
    SparkConf conf = new SparkConf()
        .setMaster("local-cluster[2,1,2048]")
        .setAppName("custom-conv-on-executors")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.executor.extraClassPath", SparkHome.applicationClasspath())
        // One core per executor: ND4J's OpenMP pool must not assume the whole machine.
        .set("spark.executorEnv.OMP_NUM_THREADS", "1");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      // 640 examples / (2 workers x 32 x averaging every 5 batches) = 2 averaging rounds an epoch: few Spark
      // jobs, since each costs seconds of task launch and parameter broadcast on this small machine.
      ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(32)
          .batchSizePerWorker(32)
          .averagingFrequency(5)
          .workerPrefetchNumBatches(0)
          .rddTrainingApproach(RDDTrainingApproach.Direct)
          .build();
      SparkDl4jMultiLayer net = new SparkDl4jMultiLayer(sc, network(), master);
      JavaRDD<DataSet> train = sc.parallelize(stripes(640, 1), 4);
      JavaRDD<DataSet> test = sc.parallelize(stripes(160, 2), 2);

      long start = System.nanoTime();
      for (int epoch = 0; epoch < 5; epoch++) {
        net.fit(train);
      }
      Evaluation evaluation = net.evaluate(test);
      System.out.printf("trained 5 epochs and evaluated in %.1f s%n", (System.nanoTime() - start) / 1e9);

      assertThat(sc.sc().getExecutorMemoryStatus().size()).as("driver + 2 executors").isEqualTo(3);
      assertThat(evaluation.getNumRowCounter()).isEqualTo(160);
      assertThat(evaluation.accuracy()).as(evaluation.stats()).isGreaterThan(0.85);
    }
  }

  private static MultiLayerConfiguration network() {
    return new NeuralNetConfiguration.Builder().seed(5).updater(new Nesterovs(0.05, 0.9))
        .weightInit(WeightInit.RELU).list()
        .layer(new CustomConvolution.Builder(3).padding(1).nOut(8).activation(Activation.RELU).build())
        .layer(new CustomConvolution.Builder(3).nOut(8).activation(Activation.RELU).build())
        .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX)
            .build())
        .setInputType(InputType.convolutional(SIZE, SIZE, 1))
        .build();
  }

  /** Horizontal (class 0) or vertical (class 1) stripes of random period and phase, in noise; one per DataSet. */
  private static List<DataSet> stripes(int count, long seed) {
    Random random = new Random(seed);
    List<DataSet> examples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int label = i % 2;
      int period = 2 + random.nextInt(3);
      int phase = random.nextInt(period);
      INDArray image = Nd4j.create(DataType.FLOAT, 1, 1, SIZE, SIZE);
      for (int r = 0; r < SIZE; r++) {
        for (int c = 0; c < SIZE; c++) {
          int along = label == 0 ? r : c;
          double value = ((along + phase) % period == 0 ? 1.0 : 0.0) + 0.3 * random.nextGaussian();
          image.putScalar(new int[] {0, 0, r, c}, value);
        }
      }
      INDArray y = Nd4j.zeros(DataType.FLOAT, 1, 2).putScalar(0, label, 1.0);
      examples.add(new DataSet(image, y));
    }
    return examples;
  }
}
