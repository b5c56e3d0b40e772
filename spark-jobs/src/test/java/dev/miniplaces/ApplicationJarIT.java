package dev.miniplaces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.testing.ChildJvms;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the application jar carries for the backends its build profile names ({@code miniplaces.backends}: "cpu",
 * or "cpu,cuda" with {@code -Pcuda}): one build of each native library, the backends ND4J's service loader sees,
 * the helpers DL4J looks up on CUDA, and the backend a JVM started from the jar loads here, where there is no GPU.
 */
class ApplicationJarIT {
  private static final String NATIVE_CPU = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx2/";
  private static final String NATIVE_CUDA = "org/nd4j/linalg/jcublas/bindings/linux-x86_64-cudnn/";
  private static final String BACKENDS = "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend";

  private static Path jar;
  private static Set<String> backends;
  private static List<String> entries;

  @TempDir Path dir;

  @BeforeAll
  static void listTheJar() throws IOException {
    jar = Path.of(System.getProperty("miniplaces.appJar"));
    backends = Set.of(System.getProperty("miniplaces.backends", "cpu").split(","));
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      entries = zip.stream().map(ZipEntry::getName).toList();
    }
  }

  @Test
  void eachNativeLibraryIsThereOnceAndOnlyForItsBackends() {
    // Libraries of ND4J and JavaCPP by file name, with every folder that holds one.
    Map<String, List<String>> natives = entries.stream()
        .filter(name -> name.startsWith("org/nd4j/") || name.startsWith("org/bytedeco/"))
        .filter(name -> name.endsWith(".so") || name.contains(".so."))
        .collect(Collectors.groupingBy(name -> name.substring(name.lastIndexOf('/') + 1)));
    natives.forEach((library, copies) -> assertThat(copies).as(library).hasSize(1));
    assertThat(entries).contains(NATIVE_CPU + "libnd4jcpu.so", NATIVE_CPU + "libjnind4jcpu.so");
    if (backends.contains("cuda")) {
      assertThat(entries).contains(NATIVE_CUDA + "libnd4jcuda.so", NATIVE_CUDA + "libjnind4jcuda.so");
    } else {
      assertThat(natives).doesNotContainKey("libnd4jcuda.so");
    }
  }

  @Test
  void nd4jSeesItsBackendsAndDl4jItsCudaHelpers() throws IOException {
    List<String> listed;
    try (ZipFile zip = new ZipFile(jar.toFile()); InputStream in = zip.getInputStream(zip.getEntry(BACKENDS))) {
      listed = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")).map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
    assertThat(listed).contains("org.nd4j.linalg.cpu.nativecpu.CpuBackend");
    if (backends.contains("cuda")) {
      assertThat(listed).contains("org.nd4j.linalg.jcublas.JCublasBackend");
    }
    assertThat(entries).contains("org/deeplearning4j/cuda/convolution/CudnnConvolutionHelper.class",
        "org/deeplearning4j/cuda/convolution/subsampling/CudnnSubsamplingHelper.class",
        "org/deeplearning4j/cuda/normalization/CudnnBatchNormalizationHelper.class");
  }

  @Test
  void aJvmWithoutAGpuLoadsTheCpuBackend() throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString()));
    command.addAll(ChildJvms.moduleOptions());
    // As spark-submit runs it: the jar on Spark's own classpath (deploy/spark-home).
    String spark = Files.readString(Path.of("..", "deploy", "spark-home", "target", "spark-classpath.txt")).strip();
    command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + spark, "dev.miniplaces.cli.Main", "env"));
    Path log = dir.resolve("env.log");
    Process env = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(env.waitFor(3, TimeUnit.MINUTES)).isTrue();
    String output = Files.readString(log);

    assertThat(env.exitValue()).as(output).isZero();
    assertThat(output).contains("ND4J CPU backend (oneDNN build), DL4J layer helpers on");
    if (backends.contains("cuda")) {
      assertThat(output).as("ND4J tried CUDA first").contains("JCublasBackend");
    }
  }
}
