package dev.miniplaces.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The engine defaults: what executors are given, and that the shipped ND4J build is the oneDNN one. */
class EngineTest {
  @Test
  void executorsGetLayerHelpersUnlessTheirOptionsDecideAlready() {
    assertThat(Engine.executorJavaOptions("")).isEqualTo("-Dorg.eclipse.deeplearning4j.helpers.disable=false");
    assertThat(Engine.executorJavaOptions("-Xss4m")).isEqualTo(
        "-Xss4m -Dorg.eclipse.deeplearning4j.helpers.disable=false");
    assertThat(Engine.executorJavaOptions("-Dorg.eclipse.deeplearning4j.helpers.disable=true -Xss4m"))
        .isEqualTo("-Dorg.eclipse.deeplearning4j.helpers.disable=true -Xss4m");
  }

  @Test
  void theOneDnnBuildIsLoadedAndDescribed() {
    assertThat(Engine.oneDnnLoaded()).isTrue();
    assertThat(Engine.describe()).startsWith("ND4J CPU backend (oneDNN build), DL4J layer helpers ")
        .contains("OMP_WAIT_POLICY=", "GLIBC_TUNABLES=");
  }
}
