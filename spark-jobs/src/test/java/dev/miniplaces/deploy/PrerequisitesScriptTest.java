package dev.miniplaces.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/ci/prerequisites.sh, the check bin/test runs first, on its own table and on tables made here. */
class PrerequisitesScriptTest {
  private static final Path SCRIPT = Path.of("..", "deploy", "ci", "prerequisites.sh").toAbsolutePath();

  @TempDir Path dir;

  record Outcome(int exit, String output) {}

  private Outcome run(Path table, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (table != null) {
      builder.environment().put("MINIPLACES_PREREQUISITES", table.toString());
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Outcome(process.exitValue(), output);
  }

  private Path table(String... rows) throws IOException {
    Path table = dir.resolve("prerequisites.tsv");
    Files.writeString(table, "# a test table\n" + String.join("\n", rows) + "\n");
    return table;
  }

  @Test
  void namesEachMissingThingWithItsPackageAndFailsWithExit3() throws Exception {
    Path table = table(
        "verify\tcommand\tno-such-command-here\tpkg-command\tsomething",
        "verify\tfile\t" + dir.resolve("absent.bin") + "\tpkg-file\tsomething else",
        "notebooks\tmodule\tno_such_module_here\tpkg-module\tthe notebooks",
        "notebooks\tkernel\tno-such-kernel\tpkg-kernel\tnbclient",
        "notebooks\tcommand\t/bin/sh\tdash\tpresent");

    Outcome outcome = run(table, "check");

    assertThat(outcome.exit()).isEqualTo(3);
    assertThat(outcome.output())
        .contains("verify: no command no-such-command-here on PATH (for something): apt-get install pkg-command")
        .contains("verify: " + dir.resolve("absent.bin") + " not found (for something else): apt-get install pkg-file")
        .contains("notebooks: ").contains("no_such_module_here").contains("apt-get install pkg-module")
        .contains("Jupyter kernel no-such-kernel").contains("apt-get install pkg-kernel")
        .contains("as root: apt-get install pkg-command pkg-file pkg-kernel pkg-module\n")
        .doesNotContain("dash");
  }

  @Test
  void checksOnlyTheStepsAsked() throws Exception {
    Path table = table(
        "verify\tcommand\tno-such-command-here\tpkg-command\tsomething",
        "build\tcommand\tsh,bash\tdash,bash\tpresent");

    assertThat(run(table, "check", "build")).isEqualTo(new Outcome(0, ""));
    assertThat(run(table, "check", "verify").exit()).isEqualTo(3);
    assertThat(run(table, "check", "smoke").output()).contains("unknown step 'smoke' (steps: build verify )");
  }

  @Test
  void auditFindsAPackageTheTableGotWrong() throws Exception {
    Path table = table("build\tcommand\t/bin/sh,bash\tnot-dash,bash\tthe scripts");

    Outcome outcome = run(table, "audit");

    assertThat(outcome.exit()).isEqualTo(1);
    assertThat(outcome.output()).contains("says not-dash provides /bin/sh, dpkg says dash").doesNotContain("bash (");
  }

  @Test
  void refusesARowWhosePackagesDoNotMatchItsNames() throws Exception {
    Outcome outcome = run(table("build\tcommand\ta,b,c\tp,q\twhy"), "list");

    assertThat(outcome.exit()).isEqualTo(2);
    assertThat(outcome.output()).contains("names 3 things and 2 packages");
  }

  @Test
  void theRepositorysTableCoversEveryStepOfBinTest() throws Exception {
    Outcome listed = run(null, "list", "build", "scripts", "verify", "smoke", "demo", "notebooks", "cuda",
        "download");

    assertThat(listed.exit()).isEqualTo(0);
    List<String> kinds = listed.output().lines().map(line -> line.split("\t")[1]).distinct().toList();
    assertThat(kinds).containsExactlyInAnyOrder("command", "file", "module", "kernel");
    assertThat(listed.output().lines()).allSatisfy(line -> assertThat(line.split("\t")).hasSize(5));
    String binTest = Files.readString(Path.of("..", "bin", "test"));
    assertThat(binTest).contains("steps=(build scripts verify smoke demo notebooks cuda)");
  }
}
