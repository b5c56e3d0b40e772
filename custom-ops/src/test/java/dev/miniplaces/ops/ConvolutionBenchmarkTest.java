package dev.miniplaces.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark measures what it claims on a small case: every layer timed, every allocation seen. */
class ConvolutionBenchmarkTest {
  @Test
  void measuresTimeAndWorkspaceMemoryOfEveryLayer() {
    ConvolutionBenchmark.Case small = new ConvolutionBenchmark.Case("small", 3, 16, 8, 3, 1, 1);

    ConvolutionBenchmark.Result r = new ConvolutionBenchmark(2, 1).run(small);

    assertThat(List.of(r.custom(), r.im2col(), r.oneDnn())).allSatisfy(cost -> assertThat(cost.ms()).isPositive());
    // At least the im2col matrix: 2 x 16 x 16 positions x 27 values x 4 bytes.
    double im2colMb = 2 * 16 * 16 * 27 * 4 / 1e6;
    assertThat(r.custom().mb()).isGreaterThanOrEqualTo(im2colMb);
    assertThat(r.im2col().mb()).isGreaterThanOrEqualTo(im2colMb);
    // oneDNN's direct convolution never builds that matrix; only the output and gradients.
    assertThat(r.oneDnn().mb()).isPositive().isLessThan(r.im2col().mb());
  }
}
