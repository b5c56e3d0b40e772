package dev.miniplaces.zoo;

import dev.miniplaces.ops.FastRelu;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The building blocks the zoo's graphs share; each adds its layers to a graph and returns the last one's name. */
final class ZooLayers {
  private ZooLayers() {}

  /** A convolution without bias (the batch norm's beta is the bias), "same" padding, and its batch norm. */
  static String convBn(GraphBuilder g, String name, int out, int kernel, int stride, String input) {
    int padding = kernel / 2;
    g.addLayer(name, new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).padding(padding, padding)
        .nOut(out).hasBias(false).activation(Activation.IDENTITY).build(), input);
    g.addLayer(name + "_bn", new BatchNormalization.Builder().build(), name);
    return name + "_bn";
  }

  /** {@link #convBn} followed by a ReLU. */
  static String convBnRelu(GraphBuilder g, String name, int out, int kernel, int stride, String input) {
    return relu(g, name + "_relu", convBn(g, name, out, kernel, stride, input));
  }

  static String relu(GraphBuilder g, String name, String input) {
    g.addLayer(name, new ActivationLayer.Builder().activation(new FastRelu()).build(), input);
    return name;
  }

  /** Global average pool "gap" and the softmax classifier {@value ZooModel#OUTPUT}; the finished configuration. */
  static ComputationGraphConfiguration softmaxClassifier(GraphBuilder g, String input, int numClasses) {
    g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), input);
    g.addLayer(ZooModel.OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(numClasses)
        .activation(Activation.SOFTMAX).build(), "gap");
    return g.setOutputs(ZooModel.OUTPUT).build();
  }
}
