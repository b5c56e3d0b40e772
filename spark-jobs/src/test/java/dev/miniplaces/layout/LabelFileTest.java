package dev.miniplaces.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelFileTest {
  private static final Categories CATEGORIES =
      new Categories(List.of(new Category(0, "/a/abbey"), new Category(1, "/b/bakery/shop"), new Category(2, "/c/canyon")));

  @Test
  void readsLinesWithCrlfBlankLinesAndSurroundingSpaces() {
    String text = "train/a/abbey/00000001.jpg 0\r\n\r\n  train/b/bakery/shop/00000001.jpg   1  \r\n"
        + "train/c/canyon/with space.jpg 2\r\n";

    LabelFile.Parsed parsed = LabelFile.parse(text, Split.TRAIN, CATEGORIES);

    assertThat(parsed.images()).containsExactly(
        new LabelledImage(Split.TRAIN, "train/a/abbey/00000001.jpg", 0),
        new LabelledImage(Split.TRAIN, "train/b/bakery/shop/00000001.jpg", 1),
        new LabelledImage(Split.TRAIN, "train/c/canyon/with space.jpg", 2));
    assertThat(parsed.rejections()).isEmpty();
    assertThat(parsed.repeatedLines()).isZero();
  }

  @Test
  void countsAnIdenticalRepeatedLineOnce() {
    LabelFile.Parsed parsed =
        LabelFile.parse("val/00000001.jpg 1\nval/00000002.jpg 0\nval/00000001.jpg 1\n", Split.VAL, CATEGORIES);

    assertThat(parsed.images()).extracting(LabelledImage::relativePath)
        .containsExactly("val/00000001.jpg", "val/00000002.jpg");
    assertThat(parsed.repeatedLines()).isEqualTo(1);
  }

  @Test
  void refusesEveryListingOfAPathGivenDifferentLabels() {
    LabelFile.Parsed parsed =
        LabelFile.parse("val/00000001.jpg 1\nval/00000002.jpg 0\nval/00000001.jpg 2\n", Split.VAL, CATEGORIES);

    assertThat(parsed.images()).extracting(LabelledImage::relativePath).containsExactly("val/00000002.jpg");
    assertThat(parsed.rejections()).extracting(Rejection::path, Rejection::reason).containsExactly(tuple(
        "val/00000001.jpg", "val.txt lines 1, 3: listed with different labels [1, 2]; none can be trusted"));
  }

  @Test
  void refusesBadLinesWithFileLineAndProblem() {
    String text = String.join("\n",
        "garbage",
        "train/a/abbey/00000001.jpg notanumber",
        "train/a/abbey/00000002.jpg 7",
        "train/a/abbey/00000003.jpg -1",
        "../etc/passwd 0",
        "/etc/passwd 0",
        "val/00000001.jpg 0",
        "train/a/abbey/00000004.jpg 0");

    LabelFile.Parsed parsed = LabelFile.parse(text, Split.TRAIN, CATEGORIES);

    assertThat(parsed.images()).extracting(LabelledImage::relativePath).containsExactly("train/a/abbey/00000004.jpg");
    assertThat(parsed.rejections()).extracting(Rejection::path, Rejection::reason).containsExactly(
        tuple("garbage", "train.txt line 1: expected '<image path> <label id>', got 'garbage'"),
        tuple("train/a/abbey/00000001.jpg", "train.txt line 2: label 'notanumber' is not an integer"),
        tuple("train/a/abbey/00000002.jpg", "train.txt line 3: label 7 is not a category id (categories.txt has 0..2)"),
        tuple("train/a/abbey/00000003.jpg", "train.txt line 4: label -1 is not a category id (categories.txt has 0..2)"),
        tuple("../etc/passwd", "train.txt line 5: path '../etc/passwd' leaves the images/ folder"),
        tuple("/etc/passwd", "train.txt line 6: path '/etc/passwd' leaves the images/ folder"),
        tuple("val/00000001.jpg", "train.txt line 7: path 'val/00000001.jpg' is not an image under train/"));
    assertThat(parsed.rejections()).allMatch(r -> r.split() == Split.TRAIN);
  }
}
