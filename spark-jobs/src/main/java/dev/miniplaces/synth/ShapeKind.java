package dev.miniplaces.synth;

/** The kind of object standing on a scene's horizon; a scene holds one to four of them. */
enum ShapeKind {
  CIRCLES,
  DIAMONDS,
  SQUARES,
  TOWERS,
  TRIANGLES
}
