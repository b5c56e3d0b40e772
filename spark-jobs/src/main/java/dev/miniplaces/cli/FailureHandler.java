package dev.miniplaces.cli;

import dev.miniplaces.MiniplacesException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place failures become exit codes: a failed job prints {@code miniplaces <cmd>: error: <cause>} on one
 * line and exits 1; {@code --verbose} adds the stack trace. (Usage errors never get here: picocli reports them
 * with exit code 2, naming the option.)
 */
final class FailureHandler implements IExecutionExceptionHandler {
  static final int JOB_FAILED = 1;

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    err.println(cmd.getColorScheme().errorText(cmd.getCommandSpec().qualifiedName() + ": error: " + oneLineCause(e)));
    if (isVerbose(parseResult)) {
      e.printStackTrace(err);
    } else {
      err.println("(run with --verbose for the stack trace)");
    }
    err.flush();
    return JOB_FAILED;
  }

  /** The message a user can act on: ours as written, otherwise the innermost cause's first line. */
  static String oneLineCause(Throwable e) {
    Throwable shown = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MiniplacesException) {
        shown = t;
        break;
      }
      shown = t;
    }
    String message = shown.getMessage();
    if (message == null || message.isBlank()) {
      return shown.getClass().getSimpleName();
    }
    String firstLine = message.strip().lines().findFirst().orElse(message);
    return shown instanceof MiniplacesException ? firstLine : shown.getClass().getSimpleName() + ": " + firstLine;
  }

  private static boolean isVerbose(ParseResult parseResult) {
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
