package dev.miniplaces.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

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
    unknownOption(cmd.getCommandSpec(), args).ifPresent(option -> suggest(cmd.getCommandSpec(), option, err));
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

  /** Suggests the option whose name is closest to the typed one, if it is close (a typo or a cut-off name). */
  private static void suggest(CommandSpec spec, String option, PrintWriter err) {
    String typed = option.replaceFirst("^-+", "");
    spec.options().stream()
        .map(CommandLine.Model.OptionSpec::longestName)
        .filter(name -> name.startsWith("--"))
        .min(java.util.Comparator.comparingInt(name -> editDistance(typed, name.substring(2))))
        .filter(name -> editDistance(typed, name.substring(2)) <= Math.max(2, typed.length() / 3)
            || name.substring(2).startsWith(typed))
        .ifPresent(name -> err.println("Did you mean: " + name + "?"));
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
