import dev.miniplaces.augment.Augmentation;
import dev.miniplaces.augment.Augmenter;
import dev.miniplaces.image.ImageDecoder;
import java.nio.file.*;
import java.util.*;

/**
 * Single-thread cost of decoding, augmenting and evaluation-transforming 128x128 JPEGs (docs/benchmarks.md):
 *   bin/miniplaces demo   # or any MiniPlaces-layout folder
 *   cp=spark-jobs/target/classes:$(cat spark-jobs/target/launcher-classpath.txt)
 *   javac -d /tmp/prep -cp "$cp" docs/scripts/PrepCost.java
 *   java -cp "/tmp/prep:$cp" PrepCost miniplaces-demo/source/images
 */
public class PrepCost {
  public static void main(String[] args) throws Exception {
    List<byte[]> files = new ArrayList<>();
    try (var paths = Files.walk(Path.of(args[0]))) {
      for (Path p : paths.filter(f -> f.toString().endsWith(".jpg")).limit(1000).toList()) files.add(Files.readAllBytes(p));
    }
    ImageDecoder decoder = new ImageDecoder(1L << 26);
    Augmenter augmenter = new Augmenter(Augmentation.reference());
    Random random = new Random(1);
    for (int pass = 0; pass < 3; pass++) {
      long decodeNs = 0, augmentNs = 0, evalNs = 0;
      for (byte[] f : files) {
        long t0 = System.nanoTime();
        var image = decoder.decodeRgb(f);
        long t1 = System.nanoTime();
        augmenter.augment(image, random);
        long t2 = System.nanoTime();
        Augmenter.evaluation(image, 160, false);
        long t3 = System.nanoTime();
        decodeNs += t1 - t0; augmentNs += t2 - t1; evalNs += t3 - t2;
      }
      System.out.printf(Locale.ROOT, "pass %d: %d images, decode %.2f ms, augment %.2f ms, eval transform %.2f ms per image%n",
          pass, files.size(), decodeNs / 1e6 / files.size(), augmentNs / 1e6 / files.size(), evalNs / 1e6 / files.size());
    }
  }
}
