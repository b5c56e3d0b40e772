package dev.miniplaces.synth;

/**
 * The pattern drawn over a scene's ground. Plain ground has none; its classes sit one folder deeper, as some
 * MiniPlaces classes do ({@code /b/bakery/shop}).
 */
enum Texture {
  CHECKS,
  DOTS,
  PLAIN,
  STRIPES,
  WAVES
}
