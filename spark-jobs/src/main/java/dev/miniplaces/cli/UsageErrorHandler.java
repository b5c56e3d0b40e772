package dev.miniplaces.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Bad usage: one line naming the offending option, suggestions for a mistyped one, a pointer to {@code --help},
 * and exit code 2. An unknown option is reported before anything else (such as a missing required option),
 * because it is usually the cause: a typo in a required option's name makes it both unknown and missing.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    String message = unknownOption(cmd.getCommandSpec(), args)
        .map(option -> "Unknown option: '" + option + "'")
        .orElse(ex.getMessage());
    err.println(cmd.getColorScheme().errorText(cmd.getCommandSpec().qualifiedName() + ": " + message));
    if (!UnmatchedArgumentException.printSuggestions(ex, err)) {
      unknownOption(cmd.getCommandSpec(), args).ifPresent(option -> suggest(cmd.getCommandSpec(), option, err));
    }
    err.printf("Try '%s --help' for more information.%n", cmd.getCommandSpec().qualifiedName());
    err.flush();
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** The first {@code --name} that the failing command does not know; only for commands without subcommands. */
  private static Optional<String> unknownOption(CommandSpec spec, String[] args) {
    if (!spec.subcommands().isEmpty()) {
      return Optional.empty();
    }
    int end = Arrays.asList(args).indexOf("--");
    return Arrays.stream(args, 0, end < 0 ? args.length : end)
        .filter(arg -> arg.startsWith("--"))
        .map(arg -> arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg)
        .filter(name -> spec.findOption(name) == null)
        .findFirst();
  }

  private static void suggest(CommandSpec spec, String option, PrintWriter err) {
    String bare = option.replaceFirst("^-+", "");
    spec.options().stream()
        .map(CommandLine.Model.OptionSpec::longestName)
        .filter(name -> {
          String candidate = name.replaceFirst("^-+", "");
          return candidate.startsWith(bare.substring(0, Math.min(3, bare.length())));
        })
        .findFirst()
        .ifPresent(name -> err.println("Did you mean: " + name + "?"));
  }
}
