// A small PNG encoder and decoder: enough to write the app icons and to check any icon
// that ends up in the package (ours, or one a designer drops in later) for the size and
// transparency rules Teams enforces. Non-interlaced, 8 bits per channel; greyscale, RGB,
// palette and their alpha variants are read, RGBA is written.
import { deflateSync, inflateSync } from 'node:zlib';
import { crc32 } from './crc32.js';

/** A raster image, 4 bytes per pixel (R, G, B, A), rows top to bottom. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

const SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, body: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  out.set(body, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

/** Encodes an RGBA image as a PNG (filter 0 on every row; deterministic output). */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, data } = image;
  if (data.length !== width * height * 4) throw new Error('encodePng: data length does not match width × height × 4');
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: truecolour with alpha
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0;
    raw.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes a PNG into RGBA. Throws an Error saying what is wrong or unsupported. */
export function decodePng(file: Uint8Array): RgbaImage {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (buf.length < 8 || !buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file (bad signature)');
  let pos = 8;
  let width = 0;
  let height = 0;
  let colourType = -1;
  let palette: Uint8Array | undefined;
  let paletteAlpha: Buffer | undefined; // tRNS: palette alphas, or a colour key
  const idat: Buffer[] = [];
  let ended = false;
  while (pos + 12 <= buf.length && !ended) {
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    if (pos + 12 + length > buf.length) throw new Error(`PNG chunk ${type} runs past the end of the file`);
    const body = buf.subarray(pos + 8, pos + 8 + length);
    if (crc32(buf.subarray(pos + 4, pos + 8 + length)) !== buf.readUInt32BE(pos + 8 + length)) {
      throw new Error(`PNG chunk ${type} has a bad CRC`);
    }
    switch (type) {
      case 'IHDR': {
        width = body.readUInt32BE(0);
        height = body.readUInt32BE(4);
        const bitDepth = body[8]!;
        colourType = body[9]!;
        if (bitDepth !== 8) throw new Error(`unsupported PNG bit depth ${bitDepth} (only 8 is read)`);
        if (!(colourType in CHANNELS)) throw new Error(`unknown PNG colour type ${colourType}`);
        if (body[12] !== 0) throw new Error('interlaced PNGs are not supported');
        break;
      }
      case 'PLTE':
        palette = body;
        break;
      case 'tRNS':
        paletteAlpha = body;
        break;
      case 'IDAT':
        idat.push(body);
        break;
      case 'IEND':
        ended = true;
        break;
      default:
        break; // ancillary chunks (gAMA, sRGB, tEXt, …) do not change the pixels we check
    }
    pos += 12 + length;
  }
  if (colourType < 0) throw new Error('PNG has no IHDR chunk');
  if (!ended) throw new Error('PNG has no IEND chunk');
  if (colourType === 3 && !palette) throw new Error('palette PNG has no PLTE chunk');

  const channels = CHANNELS[colourType]!;
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== (stride + 1) * height) throw new Error('PNG image data has the wrong length');
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[out + x - channels]! : 0;
      const b = y > 0 ? pixels[out - stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[out - stride + x - channels]! : 0;
      const v = line[x]!;
      let value: number;
      switch (filter) {
        case 0:
          value = v;
          break;
        case 1:
          value = v + a;
          break;
        case 2:
          value = v + b;
          break;
        case 3:
          value = v + ((a + b) >> 1);
          break;
        case 4:
          value = v + paeth(a, b, c);
          break;
        default:
          throw new Error(`unknown PNG filter type ${filter} on row ${y}`);
      }
      pixels[out + x] = value & 0xff;
    }
  }

  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const p = i * channels;
    let r: number,
      g: number,
      b: number,
      alpha = 255;
    switch (colourType) {
      case 0:
        r = g = b = pixels[p]!;
        // tRNS on greyscale/truecolour is a colour key: that one 16-bit value is transparent
        if (paletteAlpha && paletteAlpha.length >= 2 && paletteAlpha.readUInt16BE(0) === r) alpha = 0;
        break;
      case 4:
        r = g = b = pixels[p]!;
        alpha = pixels[p + 1]!;
        break;
      case 2:
        r = pixels[p]!;
        g = pixels[p + 1]!;
        b = pixels[p + 2]!;
        if (
          paletteAlpha &&
          paletteAlpha.length >= 6 &&
          paletteAlpha.readUInt16BE(0) === r &&
          paletteAlpha.readUInt16BE(2) === g &&
          paletteAlpha.readUInt16BE(4) === b
        )
          alpha = 0;
        break;
      case 6:
        r = pixels[p]!;
        g = pixels[p + 1]!;
        b = pixels[p + 2]!;
        alpha = pixels[p + 3]!;
        break;
      default: {
        const index = pixels[p]!;
        if (index * 3 + 2 >= palette!.length) throw new Error(`palette index ${index} out of range`);
        r = palette![index * 3]!;
        g = palette![index * 3 + 1]!;
        b = palette![index * 3 + 2]!;
        alpha = paletteAlpha && index < paletteAlpha.length ? paletteAlpha[index]! : 255;
      }
    }
    data.set([r, g, b, alpha], i * 4);
  }
  return { width, height, data };
}
