package dev.miniplaces.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code miniplaces <command> [options]}: the top of the CLI, holding the subcommands and global options. */
@Command(
    name = "miniplaces",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Builds, trains and analyses MiniPlaces scene classifiers on Apache Spark.",
    subcommands = {
      DemoCommand.class,
      SynthCommand.class,
      ImportFashionMnistCommand.class,
      IngestCommand.class,
      ModelsCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      AttentionCommand.class,
      AdversarialCommand.class,
      SqlCommand.class,
      ReportCommand.class,
      BenchmarkCommand.class,
      EnvCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {"", "Run 'miniplaces <command> --help' for a command's options."})
public final class MiniplacesCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Global: inherited by every subcommand, so it may stand before or after the command name. */
  @CommandLine.Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print full stack traces of failures.")
  boolean verbose;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of "
        + String.join(", ", spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList()));
  }

  /** The CLI with its error handling: exit 2 for bad usage (naming the option), 1 for a failed job. */
  public static CommandLine newCommandLine() {
    CommandLine cli = new CommandLine(new MiniplacesCommand());
    cli.setExecutionExceptionHandler(new FailureHandler());
    cli.setParameterExceptionHandler(new UsageErrorHandler());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }
}
