package dev.miniplaces.synth;

import java.awt.Color;

/**
 * The colour scheme of a scene: a sky gradient, the ground, the shapes standing on it and the ink its texture
 * is drawn with. Every image jitters these base colours, so neighbouring palettes (dawn and dusk, fog and noon
 * ground) overlap a little.
 */
enum Palette {
  DAWN(new Color(120, 130, 200), new Color(250, 190, 150), new Color(110, 120, 80), new Color(70, 60, 90),
      new Color(75, 85, 55)),
  DUSK(new Color(50, 40, 110), new Color(230, 130, 90), new Color(60, 50, 60), new Color(25, 20, 40),
      new Color(100, 80, 90)),
  FOG(new Color(170, 175, 185), new Color(205, 205, 205), new Color(145, 145, 140), new Color(100, 105, 115),
      new Color(120, 120, 118)),
  NIGHT(new Color(10, 15, 45), new Color(40, 50, 90), new Color(25, 30, 35), new Color(220, 200, 110),
      new Color(55, 60, 70)),
  NOON(new Color(70, 140, 230), new Color(170, 210, 250), new Color(80, 150, 60), new Color(190, 70, 50),
      new Color(50, 110, 40));

  final Color skyTop;
  final Color skyBottom;
  final Color ground;
  final Color shape;
  final Color textureInk;

  Palette(Color skyTop, Color skyBottom, Color ground, Color shape, Color textureInk) {
    this.skyTop = skyTop;
    this.skyBottom = skyBottom;
    this.ground = ground;
    this.shape = shape;
    this.textureInk = textureInk;
  }
}
