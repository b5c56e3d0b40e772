package dev.miniplaces.synth;

import dev.miniplaces.layout.Category;
import dev.miniplaces.layout.ImageEncoder;
import dev.miniplaces.layout.LabelledImage;
import dev.miniplaces.layout.MiniPlacesLayout;
import dev.miniplaces.layout.MiniPlacesWriter;
import dev.miniplaces.layout.SerialProgress;
import dev.miniplaces.layout.Split;
import dev.miniplaces.layout.WrittenDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Writes a {@link SyntheticScenes} dataset in the MiniPlaces layout: {@code categories.txt}, {@code train.txt}
 * and {@code val.txt}, and JPEG images at {@code train/<letter>/<name>/00000001.jpg} (numbered per class),
 * {@code val/00000001.jpg} and {@code test/00000001.jpg} (unlabelled). Images are rendered and written on all
 * cores (the common fork-join pool); the files are the same whatever the thread count.
 */
public final class SynthDatasetWriter {
  /** JPEG quality of the images; MiniPlaces' own JPEG files look about this compressed. */
  public static final float JPEG_QUALITY = 0.9f;

  private final SyntheticScenes scenes;
  private final ImageEncoder encoder = ImageEncoder.jpeg(JPEG_QUALITY);

  public SynthDatasetWriter(SynthSpec spec) {
    this.scenes = new SyntheticScenes(spec);
  }

  public SyntheticScenes scenes() {
    return scenes;
  }

  /**
   * Writes the whole dataset into the writer's root, which must be empty or absent.
   *
   * @param progress told the number of images just written (1 at a time); calls never overlap, but come from
   *     worker threads; {@link SynthSpec#totalImages()} is the total to expect
   */
  public WrittenDataset writeTo(MiniPlacesWriter out, IntConsumer progress) {
    out.requireEmptyRoot();
    IntConsumer serialProgress = new SerialProgress(progress);
    out.writeCategories(scenes.categories());
    for (Split split : Split.values()) {
      List<LabelledImage> images = imagesOf(split);
      out.createSplitDir(split);
      IntStream.range(0, images.size())
          .parallel()
          .forEach(
              i -> {
                out.writeImage(images.get(i).relativePath(), encoder.encode(scenes.render(split, i)));
                serialProgress.accept(1);
              });
      if (split.isLabelled()) {
        out.writeLabelFile(split, images);
      }
    }
    return new WrittenDataset(
        out.layout().root(),
        scenes.categories().size(),
        scenes.imageCount(Split.TRAIN),
        scenes.imageCount(Split.VAL),
        scenes.imageCount(Split.TEST),
        out.bytesWritten());
  }

  /** A split's images in file order, with their paths relative to {@code images/}; test images unlabelled. */
  List<LabelledImage> imagesOf(Split split) {
    int count = scenes.imageCount(split);
    List<Category> categories = scenes.categories();
    List<LabelledImage> images = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int label = scenes.labelOf(split, i);
      String path =
          switch (split) {
            case TRAIN -> categories.get(label).trainFolder() + "/" + fileName(i % scenes.spec().trainPerClass());
            case VAL, TEST -> split.id() + "/" + fileName(i);
          };
      images.add(new LabelledImage(split, path, split.isLabelled() ? label : null));
    }
    return images;
  }

  private String fileName(int zeroBasedNumber) {
    return MiniPlacesLayout.imageFileName(zeroBasedNumber + 1, encoder.extension());
  }

}
