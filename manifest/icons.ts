// The two icons every Teams app package carries, drawn at build time so the repository holds
// no binaries: a speech bubble with an "i" (Ids is where colleagues talk and find things out).
//   color.png   192×192, full colour: white bubbles on the accent colour, full bleed
//               (Teams rounds the corners itself); the symbol stays inside the central area.
//   outline.png  32×32, white on transparent only: Teams tints it for the app bar.
import { encodePng, type RgbaImage } from './png.js';
import { circle, hexColor, polygon, rasterise, roundedRect, subtract, union } from './raster.js';

export const COLOR_ICON = { file: 'color.png', size: 192 } as const;
export const OUTLINE_ICON = { file: 'outline.png', size: 32 } as const;

const WHITE = hexColor('#ffffff');

export function drawColorIcon(accentColor: string): RgbaImage {
  const accent = hexColor(accentColor);
  const s = COLOR_ICON.size;
  // A second, lighter bubble behind the main one: a conversation rather than a notice board.
  const backBubble = union(
    roundedRect(92, 34, 152, 88, 18),
    polygon([
      [134, 84],
      [158, 106],
      [150, 76],
    ]),
  );
  const frontBubble = union(
    roundedRect(40, 58, 134, 136, 22),
    polygon([
      [56, 128],
      [54, 158],
      [88, 132],
    ]),
  );
  // The "i" is cut out of the front bubble, so the accent colour shows through it.
  const letterI = union(circle(87, 77, 8.5), roundedRect(80, 91, 94, 120, 4));
  return rasterise(s, s, [
    { shape: () => true, color: accent },
    { shape: backBubble, color: [WHITE[0], WHITE[1], WHITE[2], 115] },
    // A gap in the background colour keeps the two bubbles apart where they overlap.
    { shape: roundedRect(33, 51, 141, 143, 28), color: accent },
    { shape: subtract(frontBubble, letterI), color: WHITE },
  ]);
}

export function drawOutlineIcon(): RgbaImage {
  const s = OUTLINE_ICON.size;
  const bubble = subtract(
    union(
      roundedRect(4, 5, 28, 23, 5),
      polygon([
        [8, 21],
        [8, 28.5],
        [15, 21],
      ]),
    ),
    roundedRect(6, 7, 26, 21, 3),
  );
  const letterI = union(circle(16, 10.5, 1.6), roundedRect(15, 13, 17, 19, 0.5));
  return rasterise(s, s, [{ shape: union(bubble, letterI), color: WHITE }]);
}

/** Both icons as PNG files, keyed by the file name the manifest refers to. */
export function renderIcons(accentColor: string): Record<string, Buffer> {
  return {
    [COLOR_ICON.file]: encodePng(drawColorIcon(accentColor)),
    [OUTLINE_ICON.file]: encodePng(drawOutlineIcon()),
  };
}
