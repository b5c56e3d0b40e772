package dev.miniplaces.ops;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.deeplearning4j.config.DL4JSystemProperties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fastest configuration of DL4J 1.0.0-M2.1 on CPUs, as the default of every JVM that builds a network
 * (measured in docs/benchmarks.md).
 *
 * <p>The application ships ND4J's oneDNN build (the only CPU natives on its classpath, so JavaCPP loads it
 * without a platform property). DL4J runs its convolution and batch-norm layers on oneDNN only when layer helpers
 * are allowed, and M2.1 disallows them unless the system property {@value #HELPERS_DISABLED} is "false": DL4J
 * reads it each time it builds a layer, so {@link #enableLayerHelpers()} must run before networks are built, in
 * every JVM. The CLI calls it on the driver, the model zoo before building, and Spark executors get
 * it as a JVM option ({@link #executorJavaOptions}). A user who sets the property keeps their value.
 *
 * <p>Two settings of the process environment, which only a launcher can set ({@code bin/miniplaces}, and Spark
 * for its executors through {@link #EXECUTOR_ENVIRONMENT}): glibc's malloc backs its large allocations with
 * transparent huge pages (oneDNN allocates and frees tens of MB per layer per step; with 4 KB pages the kernel
 * spent 12% of the CPU time faulting them in), and OpenMP threads sleep between parallel regions instead of
 * spinning, which leaves the cores to the JVM's own threads.
 */
public final class Engine {
  static final String HELPERS_DISABLED = DL4JSystemProperties.DISABLE_HELPER_PROPERTY;

  /** Environment variables for processes that run networks; applied by launchers, not inheritable at run time. */
  public static final Map<String, String> EXECUTOR_ENVIRONMENT = Map.of(
      "GLIBC_TUNABLES", "glibc.malloc.hugetlb=1",
      "OMP_WAIT_POLICY", "passive");

  private Engine() {}

  /** Allows DL4J's oneDNN layer helpers in this JVM unless the user already decided. */
  public static void enableLayerHelpers() {
    if (System.getProperty(HELPERS_DISABLED) == null) {
      System.setProperty(HELPERS_DISABLED, "false");
    }
  }

  /**
   * JVM options for JVMs launched by this one (Spark executors): {@code javaOptions} with DL4J's layer helpers
   * allowed, unless they already say something about them.
   */
  public static String executorJavaOptions(String javaOptions) {
    if (javaOptions.contains("-D" + HELPERS_DISABLED + "=")) {
      return javaOptions;
    }
    return (javaOptions + " -D" + HELPERS_DISABLED + "=false").trim();
  }

  public static boolean layerHelpersEnabled() {
    return "false".equals(System.getProperty(HELPERS_DISABLED));
  }

  /** Whether the loaded ND4J backend is the CPU one built with oneDNN. */
  public static boolean oneDnnLoaded() {
    return Nd4j.getEnvironment().isCPU() && org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN();
  }

  /** One line for logs and benchmark reports. */
  public static String describe() {
    String environment = EXECUTOR_ENVIRONMENT.keySet().stream().sorted()
        .map(name -> name + "=" + Objects.requireNonNullElse(System.getenv(name), "(unset)"))
        .collect(Collectors.joining(" "));
    return String.format(Locale.ROOT, "ND4J %s backend%s, DL4J layer helpers %s, %d threads, %s",
        Nd4j.getEnvironment().isCPU() ? "CPU" : "GPU", oneDnnLoaded() ? " (oneDNN build)" : "",
        layerHelpersEnabled() ? "on" : "off", Nd4j.getEnvironment().maxThreads(), environment);
  }
}
