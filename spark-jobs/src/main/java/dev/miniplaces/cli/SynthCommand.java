package dev.miniplaces.cli;

import dev.miniplaces.layout.WrittenDataset;
import dev.miniplaces.synth.SynthDatasetWriter;
import dev.miniplaces.synth.SynthSpec;
import dev.miniplaces.synth.SyntheticScenes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code miniplaces synth}: a deterministic synthetic scene dataset in the MiniPlaces layout. */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a synthetic scene dataset in the exact MiniPlaces layout: procedural scenes (palettes, shapes, "
          + "textures, noise) whose classes are learnable but not trivial. The same options and seed give the "
          + "same files. Needs no download; tests and the demo use it."
    })
final class SynthCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Folder to write (local path or Hadoop URI); replaced as a whole when done.")
  String output;

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

  @Option(names = "--seed", defaultValue = "42", description = "Seed of every image. Default: ${DEFAULT-VALUE}.")
  long seed;

  SynthSpec synthSpec() {
    int val = valPerClass != null ? valPerClass : Math.max(1, perClass / 10);
    int test = testPerClass != null ? testPerClass : val;
    try {
      return new SynthSpec(classes, perClass, val, test, size, seed);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  @Override
  public Integer call() {
    SynthSpec synth = synthSpec();
    WrittenDataset written = LayoutOutput.write(output, "synth", synth.totalImages(),
        spec.commandLine().getErr(), (writer, progress) -> new SynthDatasetWriter(synth).writeTo(writer, progress));
    LayoutOutput.printSummary("Synthesised", written, spec.commandLine().getOut());
    return 0;
  }
}
