package dev.miniplaces.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: this build and the engine versions it was built against (filled in by Maven). */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("/dev/miniplaces/version.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new String[] {
      "miniplaces " + p.getProperty("version"),
      "Spark " + p.getProperty("spark") + " (Scala " + p.getProperty("scala") + "), Deeplearning4j "
          + p.getProperty("dl4j") + ", Java " + System.getProperty("java.version")
    };
  }
}
