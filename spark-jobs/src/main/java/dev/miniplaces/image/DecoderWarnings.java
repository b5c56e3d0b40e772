package dev.miniplaces.image;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tells the decoder warnings that mean damaged pixels from those that only concern how colours or metadata
 * are interpreted. ImageIO reports a truncated or corrupt JPEG only as a warning ("Premature end of JPEG
 * file", "Corrupt JPEG data: ...") and hands back an image padded with grey, so those must refuse the image;
 * but TwelveMonkeys also warns about every CMYK JPEG without an ICC profile, which is a perfectly good image.
 * Unknown warnings count as damage: refusing a good image is cheaper than training on a broken one.
 */
final class DecoderWarnings {
  /** TwelveMonkeys' warnings about ICC profiles, Adobe APP14 markers and JFXX thumbnails: pixels are intact. */
  private static final Pattern INTERPRETATION_ONLY = Pattern.compile(
      "ICC|Adobe App14 marker|Colors may look incorrect|thumbnail", Pattern.CASE_INSENSITIVE);

  private DecoderWarnings() {}

  /** The first warning that means damage, if any. */
  static Optional<String> firstDamage(List<String> warnings) {
    return warnings.stream().filter(DecoderWarnings::meansDamage).findFirst();
  }

  static boolean meansDamage(String warning) {
    return !INTERPRETATION_ONLY.matcher(warning).find();
  }
}
