package dev.miniplaces.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, for tests of pages the project writes: the DOM after the page's scripts ran, and a
 * screenshot. bin/test installs the {@code chromium} package.
 */
public final class HeadlessChromium {
  private static final Path BINARY = Path.of("/usr/bin/chromium");

  private HeadlessChromium() {}

  /** The page's DOM once it loaded and its scripts ran (Chromium's --dump-dom). */
  public static String dumpDom(Path page, Path work) throws IOException, InterruptedException {
    return run(work, List.of("--dump-dom", page.toUri().toString()), work.resolve("dom.log"));
  }

  /** A screenshot of the page's top {@code height} pixels at 1280 wide. */
  public static Path screenshot(Path page, Path work, int height) throws IOException, InterruptedException {
    Path png = work.resolve("screenshot.png");
    run(work, List.of("--screenshot=" + png, "--window-size=1280," + height, page.toUri().toString()),
        work.resolve("screenshot.log"));
    return png;
  }

  private static String run(Path work, List<String> arguments, Path log) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: apt-get install chromium (bin/test installs it)");
    }
    Files.createDirectories(work);
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--virtual-time-budget=15000",
        // no network here: the page must not need it, and Chromium must not wait for it
        "--user-data-dir=" + Files.createTempDirectory(work, "profile")));
    command.addAll(arguments);
    Path stdout = Files.createTempFile(work, "chromium", ".out");
    Process chromium = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(log.toFile())
        .start();
    if (!chromium.waitFor(2, TimeUnit.MINUTES)) {
      chromium.destroyForcibly();
      throw new IllegalStateException("Chromium did not finish in 2 minutes; see " + log);
    }
    if (chromium.exitValue() != 0) {
      throw new IllegalStateException("Chromium exited with " + chromium.exitValue() + ": "
          + Files.readString(log));
    }
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }
}
