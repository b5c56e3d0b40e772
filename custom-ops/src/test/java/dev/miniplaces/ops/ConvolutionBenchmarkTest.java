package dev.miniplaces.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark measures what it claims on a small case: both layers timed, both allocations seen. */
class ConvolutionBenchmarkTest {
  @Test
  void measuresTimeAndWorkspaceMemoryOfBothLayers() {
    ConvolutionBenchmark.Case small = new ConvolutionBenchmark.Case("small", 3, 16, 8, 3, 1, 1);

    ConvolutionBenchmark.Result r = new ConvolutionBenchmark(2, 1).run(small);

    assertThat(r.customMs()).isPositive();
    assertThat(r.builtInMs()).isPositive();
    // At least the im2col matrix: 2 x 16 x 16 positions x 27 values x 4 bytes.
    double im2colMb = 2 * 16 * 16 * 27 * 4 / 1e6;
    assertThat(r.customMb()).isGreaterThanOrEqualTo(im2colMb);
    assertThat(r.builtInMb()).isGreaterThanOrEqualTo(im2colMb);
  }
}
