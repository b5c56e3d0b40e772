package org.nd4j.nativeblas;

/**
 * Restores DL4J 1.0.0-M2.1's oneDNN layer helpers. {@code BaseMKLDNNHelper.mklDnnEnabled()} looks up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN} by reflection, but M2.1 moved that class to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and renamed the method
 * {@code isUseONEDNN}; the lookup fails, and DL4J's convolution, pooling and batch-norm layers never use oneDNN,
 * even on the {@code -onednn-avx2} build. This class answers the old lookup from the new binding.
 *
 * <p>It only matters when DL4J's helpers are allowed ({@link dev.miniplaces.ops.Engine}) and the oneDNN build of
 * ND4J is loaded (the application's default). Elsewhere it answers false or is never asked. Measured effect:
 * docs/benchmarks.md.
 */
public final class Nd4jCpu {
  private Nd4jCpu() {}

  /** The old name of ND4J's native environment, reduced to the one question DL4J asks of it. */
  public static final class Environment {
    private static final Environment INSTANCE = new Environment();

    private Environment() {}

    public static Environment getInstance() {
      return INSTANCE;
    }

    /** Whether the loaded libnd4j was built with oneDNN and uses it. */
    public boolean isUseMKLDNN() {
      try {
        Class<?> binding = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
        Object environment = binding.getMethod("getInstance").invoke(null);
        return (boolean) binding.getMethod("isUseONEDNN").invoke(environment);
      } catch (ReflectiveOperationException | LinkageError e) {
        return false; // not the CPU backend
      }
    }
  }
}
