package dev.miniplaces.cli;

import dev.miniplaces.layout.WrittenDataset;
import dev.miniplaces.synth.SynthDatasetWriter;
import dev.miniplaces.synth.SynthSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
  @Mixin SynthOptions synthOptions;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Folder to write (local path or Hadoop URI); replaced as a whole when done.")
  String output;

  @Override
  public Integer call() {
    SynthSpec synth = synthOptions.toSpec();
    WrittenDataset written = LayoutOutput.write(output, "synth", synth.totalImages(),
        spec.commandLine().getErr(), (writer, progress) -> new SynthDatasetWriter(synth).writeTo(writer, progress));
    LayoutOutput.printSummary("Synthesised", written, spec.commandLine().getOut());
    return 0;
  }
}
