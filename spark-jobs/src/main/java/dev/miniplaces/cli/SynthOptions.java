package dev.miniplaces.cli;

import dev.miniplaces.synth.SynthSpec;
import dev.miniplaces.synth.SyntheticScenes;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The shape of a synthetic dataset, shared by {@code synth} and {@code demo}. */
final class SynthOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  private int classes;

  @Option(names = "--classes", paramLabel = "N", defaultValue = "10",
      description = "Number of classes, 1 to " + SyntheticScenes.MAX_CLASSES + ". Default: ${DEFAULT-VALUE}.")
  void setClasses(int value) {
    classes = OptionChecks.between(spec, "--classes", value, 1, SyntheticScenes.MAX_CLASSES);
  }

  private int perClass;

  @Option(names = "--per-class", paramLabel = "M", defaultValue = "100",
      description = "Training images per class. Default: ${DEFAULT-VALUE}.")
  void setPerClass(int value) {
    perClass = OptionChecks.atLeast(spec, "--per-class", value, 1);
  }

  private Integer valPerClass;

  @Option(names = "--val-per-class", paramLabel = "M",
      description = "Validation images per class. Default: a tenth of --per-class (at least 1), as MiniPlaces.")
  void setValPerClass(int value) {
    valPerClass = OptionChecks.atLeast(spec, "--val-per-class", value, 0);
  }

  private Integer testPerClass;

  @Option(names = "--test-per-class", paramLabel = "M",
      description = "Unlabelled test images per class. Default: as --val-per-class.")
  void setTestPerClass(int value) {
    testPerClass = OptionChecks.atLeast(spec, "--test-per-class", value, 0);
  }

  private int size;

  @Option(names = "--size", paramLabel = "PIXELS", defaultValue = "128",
      description = "Width and height of the images, " + SynthSpec.MIN_SIZE + " to " + SynthSpec.MAX_SIZE
          + ". Default: ${DEFAULT-VALUE}.")
  void setSize(int value) {
    size = OptionChecks.between(spec, "--size", value, SynthSpec.MIN_SIZE, SynthSpec.MAX_SIZE);
  }

  @Option(names = "--seed", defaultValue = "42",
      description = "Seed of every image's randomness. Default: ${DEFAULT-VALUE}.")
  long seed;

  SynthSpec toSpec() {
    int val = valPerClass != null ? valPerClass : Math.max(1, perClass / 10);
    int test = testPerClass != null ? testPerClass : val;
    try {
      return new SynthSpec(classes, perClass, val, test, size, seed);
    } catch (IllegalArgumentException e) {
      // Limits that depend on several options at once (images per folder) are only known here.
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
