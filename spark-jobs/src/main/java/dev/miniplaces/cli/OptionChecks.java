package dev.miniplaces.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Range checks for option values, raising picocli's usage error (exit 2) with the option's name and value. */
final class OptionChecks {
  private OptionChecks() {}

  static int atLeast(CommandSpec spec, String option, int value, int min) {
    if (value < min) {
      throw invalid(spec, option, value, "must be >= " + min);
    }
    return value;
  }

  static long atLeast(CommandSpec spec, String option, long value, long min) {
    if (value < min) {
      throw invalid(spec, option, value, "must be >= " + min);
    }
    return value;
  }

  static int between(CommandSpec spec, String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw invalid(spec, option, value, "must be between " + min + " and " + max);
    }
    return value;
  }

  static ParameterException invalid(CommandSpec spec, String option, Object value, String rule) {
    return new ParameterException(
        spec.commandLine(), "Invalid value for option '" + option + "': " + value + " (" + rule + ")");
  }
}
