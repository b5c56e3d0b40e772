package dev.miniplaces.cli;

import dev.miniplaces.report.ReportJob;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code miniplaces report}: a self-contained HTML report on training runs and their analyses. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Writes one self-contained HTML page (every chart and image inside it) on one or more training runs: the "
          + "runs compared (accuracy, speed, memory), custom against built-in convolution where a run of each "
          + "shares a recipe, and for each run its training curves, accuracy per class, confusion matrix, "
          + "attention maps and adversarial robustness, from what train, evaluate, attention and adversarial "
          + "wrote into the run directory. Open --out/index.html in a browser."
    })
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions sparkOptions;

  @Option(names = "--run", required = true, paramLabel = "RUN_DIR",
      description = "A training run directory; repeat for several runs, shown in the order given.")
  List<String> runs;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Folder for the report (replaced as a whole): DIR/index.html.")
  String out;

  @Option(names = "--title", defaultValue = "MiniPlaces training report",
      description = "Heading of the page. Default: ${DEFAULT-VALUE}.")
  String title;

  @Override
  public Integer call() {
    new ReportJob(sparkOptions.session("miniplaces report"), spec.commandLine().getOut()).run(
        new ReportJob.Request(runs.stream().map(Path::new).toList(), new Path(out), title));
    return 0;
  }
}
