package dev.miniplaces.cli;

import dev.miniplaces.fashion.FashionMnistImporter;
import dev.miniplaces.fashion.FashionMnistOptions;
import dev.miniplaces.layout.WrittenDataset;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code miniplaces import-fashion-mnist}: real labelled images, from Debian's package, in the MiniPlaces layout. */
@Command(
    name = "import-fashion-mnist",
    mixinStandardHelpOptions = true,
    description = {
      "Turns the Fashion-MNIST IDX files into the MiniPlaces layout: train from the 60K set, val from the 10K "
          + "set, an empty test split. Images are greyscale PNG; the 10 classes keep their official ids.",
      "Debian: apt-get install dataset-fashion-mnist"
    })
final class ImportFashionMnistCommand implements Callable<Integer> {
  private static final int TRAIN_IMAGES = 60_000;
  private static final int VAL_IMAGES = 10_000;

  @Spec CommandSpec spec;

  @Option(names = "--source", paramLabel = "DIR", defaultValue = FashionMnistImporter.DEBIAN_SOURCE,
      description = "Folder with {train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]. Default: ${DEFAULT-VALUE}.")
  String source;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Folder to write (local path or Hadoop URI); replaced as a whole when done.")
  String output;

  private int size;

  @Option(names = "--size", paramLabel = "PIXELS", defaultValue = "" + FashionMnistImporter.NATIVE_SIZE,
      description = "Width and height of the written images; other than 28 resizes bilinearly. "
          + "Default: ${DEFAULT-VALUE}.")
  void setSize(int value) {
    size = OptionChecks.between(spec, "--size", value, FashionMnistOptions.MIN_SIZE, FashionMnistOptions.MAX_SIZE);
  }

  private int limit = FashionMnistOptions.NO_LIMIT;

  @Option(names = "--limit", paramLabel = "N", description = "Import at most N images per split. Default: all.")
  void setLimit(int value) {
    limit = OptionChecks.atLeast(spec, "--limit", value, 1);
  }

  @Override
  public Integer call() {
    FashionMnistOptions options = new FashionMnistOptions(size, limit);
    FashionMnistImporter importer = new FashionMnistImporter(new Path(source), new Configuration());
    long total = (long) Math.min(limit, TRAIN_IMAGES) + Math.min(limit, VAL_IMAGES);
    WrittenDataset written = LayoutOutput.write(output, "import-fashion-mnist", total,
        spec.commandLine().getErr(), (writer, progress) -> importer.importTo(writer, options, progress));
    LayoutOutput.printSummary("Imported Fashion-MNIST", written, spec.commandLine().getOut());
    return 0;
  }
}
