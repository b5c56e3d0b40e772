package dev.miniplaces.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/** Other JVMs for tests: the {@code bin/miniplaces} launcher, or a main class of the test classpath. */
public final class ChildJvms {
  private ChildJvms() {}

  /** {@code bin/miniplaces}, which tests run with {@code MINIPLACES_NO_BUILD=1}. */
  public static Path launcher() {
    Path launcher = Path.of("..", "bin", "miniplaces").toAbsolutePath().normalize();
    assertThat(launcher.toFile().canExecute()).as(launcher.toString()).isTrue();
    return launcher;
  }

  /** The Java 17 module options every JVM of the project needs (conf/java-options.properties). */
  public static List<String> moduleOptions() {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(Path.of("..", "conf", "java-options.properties"))) {
      p.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read conf/java-options.properties", e);
    }
    return Arrays.asList(p.getProperty("java.module.options").trim().split("\\s+"));
  }

  /**
   * A descendant process of this JVM whose full command line contains every one of {@code parts} (arguments are
   * NUL-separated there); ProcessHandle's own command line is cut short, and a JVM's main class follows a long
   * classpath.
   */
  public static java.util.Optional<ProcessHandle> descendant(String... parts) {
    return ProcessHandle.current().descendants()
        .filter(p -> Arrays.stream(parts).allMatch(commandLine(p)::contains)).findFirst();
  }

  private static String commandLine(ProcessHandle process) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
          java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ""; // it ended meanwhile
    }
  }

  /** A JVM that runs {@code main} with this JVM's classpath, a 1 GB heap and the module options. */
  public static ProcessBuilder javaMain(Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.addAll(moduleOptions());
    command.add("-Dlog4j2.configurationFile=" + Path.of("..", "conf", "log4j2.properties").toAbsolutePath());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(Arrays.asList(args));
    return new ProcessBuilder(command);
  }
}
