// The two icons every Teams app package carries, made with sharp from the branding's sources
// (SVG, or any image sharp reads; manifest/icons/*.svg by default):
//   color.png   192×192, full colour. An SVG that paints with currentColor is drawn in the
//               accent colour, so the default icon follows accentColor.
//   outline.png  32×32, white on transparent only: Teams tints it for the app bar. The source's
//               shape (its alpha) is kept and painted white, so any single-shape outline works.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import sharp, { type Sharp } from 'sharp';

export const COLOR_ICON = { file: 'color.png', size: 192 } as const;
export const OUTLINE_ICON = { file: 'outline.png', size: 32 } as const;

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** Straight (not premultiplied) RGBA, row by row. */
  readonly data: Uint8Array;
}

const TRANSPARENT = { r: 0, g: 0, b: 0, alpha: 0 };

/** Sets (or adds) the color attribute of the root <svg>, which currentColor paints with. */
function withCurrentColor(svg: string, color: string): string {
  return svg.replace(/<svg\b[^>]*>/, (tag) =>
    /\scolor="[^"]*"/.test(tag)
      ? tag.replace(/\scolor="[^"]*"/, ` color="${color}"`)
      : `${tag.slice(0, -1)} color="${color}">`,
  );
}

/** Reads an icon source and draws it into a size×size square (aspect kept, transparent margins). */
async function rasterise(path: string, size: number, accentColor: string): Promise<Sharp> {
  const source = await readFile(path);
  let input: Buffer = source;
  let density: number | undefined;
  if (extname(path).toLowerCase() === '.svg') {
    input = Buffer.from(withCurrentColor(source.toString('utf8'), accentColor), 'utf8');
    // Render the vector at the target size rather than scaling a small bitmap up.
    const { width = size, height = size } = await sharp(input).metadata();
    density = (72 * size) / Math.max(width, height);
  }
  return sharp(input, density ? { density } : {}).resize(size, size, { fit: 'contain', background: TRANSPARENT });
}

const PNG_OPTIONS = { compressionLevel: 9, adaptiveFiltering: false, palette: false } as const;

export async function makeColorIcon(path: string, accentColor: string): Promise<Buffer> {
  return (await rasterise(path, COLOR_ICON.size, accentColor)).png(PNG_OPTIONS).toBuffer();
}

export async function makeOutlineIcon(path: string): Promise<Buffer> {
  const { data, info } = await (await rasterise(path, OUTLINE_ICON.size, '#ffffff'))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const white = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i += 4) {
    const alpha = data[i + 3]!;
    if (alpha > 0) white.fill(255, i, i + 3);
    white[i + 3] = alpha;
  }
  return encodePng({ width: info.width, height: info.height, data: white });
}

/** Both icons as PNG files, keyed by the file name the manifest refers to. */
export async function renderIcons(
  sources: { readonly color: string; readonly outline: string },
  accentColor: string,
): Promise<Record<string, Buffer>> {
  const [color, outline] = await Promise.all([
    makeColorIcon(sources.color, accentColor),
    makeOutlineIcon(sources.outline),
  ]);
  return { [COLOR_ICON.file]: color, [OUTLINE_ICON.file]: outline };
}

export function encodePng(image: RgbaImage): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .png(PNG_OPTIONS)
    .toBuffer();
}

/** Decodes any image sharp reads (a PNG in a package) to straight RGBA. */
export async function decodeImage(file: Buffer): Promise<RgbaImage & { format: string | undefined }> {
  const image = sharp(file);
  const { format } = await image.metadata();
  const { data, info } = await image.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data), format };
}
