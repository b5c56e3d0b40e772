package dev.miniplaces.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SynthSpecTest {

  @Test
  void countsImagesPerSplit() {
    SynthSpec spec = new SynthSpec(10, 7, 3, 2, 32, 1);

    assertThat(spec.trainImages()).isEqualTo(70);
    assertThat(spec.valImages()).isEqualTo(30);
    assertThat(spec.testImages()).isEqualTo(20);
    assertThat(spec.totalImages()).isEqualTo(120);
  }

  @Test
  void miniPlacesSizedMatchesMiniPlaces() {
    assertThat(SynthSpec.miniPlacesSized(7)).isEqualTo(new SynthSpec(100, 1000, 100, 100, 128, 7));
  }

  @Test
  void rejectsOutOfRangeValuesNamingThem() {
    assertThatThrownBy(() -> new SynthSpec(0, 1, 1, 1, 32, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid classes: 0 (must be between 1 and 125)");
    assertThatThrownBy(() -> new SynthSpec(126, 1, 1, 1, 32, 1))
        .hasMessage("Invalid classes: 126 (must be between 1 and 125)");
    assertThatThrownBy(() -> new SynthSpec(5, 1, 1, 1, 15, 1))
        .hasMessage("Invalid size: 15 (must be between 16 and 1024)");
    assertThatThrownBy(() -> new SynthSpec(5, 0, 1, 1, 32, 1))
        .hasMessage("Invalid trainPerClass: 0 (must be between 1 and 19999999)");
    assertThatThrownBy(() -> new SynthSpec(5, 1, -1, 1, 32, 1))
        .hasMessage("Invalid valPerClass: -1 (must be between 0 and 19999999)");
    assertThatThrownBy(() -> new SynthSpec(5, 1, 1, -2, 32, 1))
        .hasMessage("Invalid testPerClass: -2 (must be between 0 and 19999999)");
  }
}
