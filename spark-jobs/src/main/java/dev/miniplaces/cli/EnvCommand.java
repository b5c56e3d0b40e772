package dev.miniplaces.cli;

import dev.miniplaces.ops.Engine;
import dev.miniplaces.spark.TaskGpu;
import dev.miniplaces.train.PrepThreads;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code miniplaces env}: what this JVM computes with, for checking a machine or a cluster image. */
@Command(
    name = "env",
    mixinStandardHelpOptions = true,
    description = "Prints what this machine's JVM runs networks on: Java, the ND4J backend ND4J loaded (the CPU "
        + "one, or CUDA where a GPU and its runtime are found) with its settings, and each CUDA device with "
        + "whether ND4J's natives hold code for it. Executors decide the same way on their own hosts.")
final class EnvCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Runtime runtime = Runtime.getRuntime();
    out.printf(Locale.ROOT, "Java %s (%s), %d processors, heap %,d MB%n", System.getProperty("java.version"),
        System.getProperty("java.vm.name"), runtime.availableProcessors(), runtime.maxMemory() >> 20);
    out.println(Engine.describe());
    List<String> devices = TaskGpu.deviceReport();
    devices.forEach(out::println);
    out.println("Training input: decoded and augmented on " + PrepThreads.KEY + " threads per task (default: "
        + "the task's share of its executor's cores)");
    out.flush();
    return 0;
  }
}
