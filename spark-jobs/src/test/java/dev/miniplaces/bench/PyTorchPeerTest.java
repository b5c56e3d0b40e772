package dev.miniplaces.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniplaces.MiniplacesException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer runner against stand-in scripts that behave like pytorch_simplenet.py (a real process each time), and
 * the project's own peer script on PyTorch.
 */
class PyTorchPeerTest {
  @TempDir Path dir;

  @Test
  void passesTheShapesAndReadsTheJsonLine() throws Exception {
    Path script = dir.resolve("peer.sh");
    Files.writeString(script, "echo \"warming up $@\"\n"
        + "echo '{\"engine\": \"pytorch 1.13\", \"train_img_s\": 41.5, \"infer_img_s\": 120.25, \"args\": \"'\"$*\"'\"}'\n");

    PyTorchPeer.Result result = PyTorchPeer.run(Path.of("/bin/sh"), script, 32, 128, 2, 8, 3,
        PyTorchPeer.Environment.PYTORCH_DEFAULTS);

    assertThat(result).isEqualTo(new PyTorchPeer.Result("pytorch 1.13", 41.5, 120.25));
  }

  @Test
  void runsThePeerWithOrWithoutDl4jsProcessSettings() throws Exception {
    Path script = dir.resolve("peer.sh");
    Files.writeString(script, "echo '{\"engine\": \"'\"[$OMP_WAIT_POLICY][$GLIBC_TUNABLES]\"'\", "
        + "\"train_img_s\": 1, \"infer_img_s\": 1}'\n");

    assertThat(PyTorchPeer.run(Path.of("/bin/sh"), script, 32, 128, 2, 8, 3,
        PyTorchPeer.Environment.PYTORCH_DEFAULTS).engine()).isEqualTo("[][]");
    assertThat(PyTorchPeer.run(Path.of("/bin/sh"), script, 32, 128, 2, 8, 3,
        PyTorchPeer.Environment.SAME_AS_DL4J).engine()).isEqualTo("[passive][glibc.malloc.hugetlb=1]");
  }

  @Test
  void theProjectsPeerScriptTrainsAndInfersSimpleNet() {
    Path script = Path.of("..").resolve(PyTorchPeer.SCRIPT);
    assertThat(script).isRegularFile();

    PyTorchPeer.Result result = PyTorchPeer.run(Path.of("/usr/bin/python3"), script, 2, 32, 1, 1, 1,
        PyTorchPeer.Environment.PYTORCH_DEFAULTS);

    assertThat(result.engine()).startsWith("torch ").endsWith(", 1 threads");
    assertThat(result.trainImagesPerSecond()).isPositive();
    assertThat(result.inferImagesPerSecond()).isGreaterThan(result.trainImagesPerSecond());
  }

  @Test
  void aFailingPeerIsReportedWithItsLastLine() throws Exception {
    Path script = dir.resolve("peer.sh");
    Files.writeString(script, "echo 'ModuleNotFoundError: No module named torch'\nexit 1\n");

    assertThatThrownBy(() -> PyTorchPeer.run(Path.of("/bin/sh"), script, 32, 128, 2, 8, 3,
        PyTorchPeer.Environment.PYTORCH_DEFAULTS))
        .isInstanceOf(MiniplacesException.class)
        .hasMessageContaining("ModuleNotFoundError: No module named torch");
  }
}
