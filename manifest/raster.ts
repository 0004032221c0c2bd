// A tiny vector rasteriser for the app icons: shapes are point-in-shape tests, each pixel
// is sampled on a fixed grid (anti-aliasing by coverage), layers are composited "over".
// Everything is plain arithmetic on fixed inputs, so the output is byte-for-byte stable.
import type { RgbaImage } from './png.js';

/** True when the point (x, y), in pixel units with y down, lies inside the shape. */
export type Shape = (x: number, y: number) => boolean;

/** [red, green, blue, alpha], 0–255 each. */
export type Rgba = readonly [number, number, number, number];

export function roundedRect(x0: number, y0: number, x1: number, y1: number, radius: number): Shape {
  const r = Math.min(radius, (x1 - x0) / 2, (y1 - y0) / 2);
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const dx = x < x0 + r ? x0 + r - x : x > x1 - r ? x - (x1 - r) : 0;
    const dy = y < y0 + r ? y0 + r - y : y > y1 - r ? y - (y1 - r) : 0;
    return dx * dx + dy * dy <= r * r;
  };
}

export function circle(cx: number, cy: number, r: number): Shape {
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** A simple polygon (even-odd rule). */
export function polygon(points: ReadonlyArray<readonly [number, number]>): Shape {
  return (x, y) => {
    let inside = false;
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      const [xi, yi] = points[i]!;
      const [xj, yj] = points[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
}

export function union(...shapes: Shape[]): Shape {
  return (x, y) => shapes.some((s) => s(x, y));
}

export function subtract(shape: Shape, ...holes: Shape[]): Shape {
  return (x, y) => shape(x, y) && !holes.some((h) => h(x, y));
}

export function hexColor(hex: string, alpha = 255): Rgba {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16), alpha];
}

export interface Layer {
  readonly shape: Shape;
  readonly color: Rgba;
}

/** Paints layers bottom to top onto a transparent canvas, `samples`² samples per pixel. */
export function rasterise(width: number, height: number, layers: readonly Layer[], samples = 8): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  const total = samples * samples;
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      // Premultiplied accumulation keeps "over" exact for partially covered pixels.
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (const { shape, color } of layers) {
        let hits = 0;
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            if (shape(px + (sx + 0.5) / samples, py + (sy + 0.5) / samples)) hits++;
          }
        }
        if (hits === 0) continue;
        const alpha = (hits / total) * (color[3] / 255);
        r = color[0] * alpha + r * (1 - alpha);
        g = color[1] * alpha + g * (1 - alpha);
        b = color[2] * alpha + b * (1 - alpha);
        a = alpha + a * (1 - alpha);
      }
      const i = (py * width + px) * 4;
      if (a > 0) {
        data[i] = Math.round(r / a);
        data[i + 1] = Math.round(g / a);
        data[i + 2] = Math.round(b / a);
        data[i + 3] = Math.round(a * 255);
      }
    }
  }
  return { width, height, data };
}
