package dev.miniplaces.ops;

import java.util.Locale;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J backend this JVM loaded, as DL4J itself tells them apart (the executioner's {@code backend}
 * property). A driver and its executors may differ: with {@code -Pcuda} the jar holds both backends, and each JVM
 * loads CUDA where it finds a GPU, the CPU one elsewhere. Layers choose their code path from it where they run.
 */
public enum Backend {
  CPU,
  CUDA,
  OTHER;

  private static volatile Backend loaded;

  /** The backend of this JVM (loads ND4J if it is not loaded yet); a JVM loads one, once. */
  public static Backend current() {
    Backend backend = loaded;
    if (backend == null) {
      backend = named(Nd4j.getExecutioner().getEnvironmentInformation()
          .getProperty(Nd4jEnvironment.BACKEND_KEY, ""));
      loaded = backend;
    }
    return backend;
  }

  static Backend named(String name) {
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "CPU" -> CPU;
      case "CUDA" -> CUDA;
      default -> OTHER;
    };
  }

  /**
   * Whether the project's own CPU kernels may run: they read and write arrays through host buffers, which on a GPU
   * backend would leave the device copy stale. Elsewhere layers take DL4J's built-in paths.
   */
  public boolean hostKernels() {
    return this == CPU;
  }
}
