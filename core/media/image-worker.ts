/**
 * The image worker: a child process (forked by images.ts) that re-encodes one image at a time.
 * It imports nothing but sharp, so it starts small; decoding a photo holds the whole picture in
 * memory, and doing that here keeps it out of the server, returns it when the worker exits, and
 * lets a worker that hangs or crashes on a hostile file be killed without touching the server.
 */
import sharp from 'sharp';
import type { ImageJob, ImageJobResult } from './image-job.js';

// libvips' operation cache would keep decoded images; nothing here reads the same image twice.
sharp.cache(false);

/** Refuse decompression bombs: about 50 megapixels is far beyond any phone photo. */
const MAX_INPUT_PIXELS = 50_000_000;
/**
 * Stored images fit in this many pixels either way (a 4K screen's width; a 12-megapixel phone
 * photo, 4032 × 3024, keeps its size). A larger JPEG is decoded at a fraction of its size
 * straight away, so no image holds more than about 16 megapixels in memory.
 */
const MAX_EDGE_PX = 4096;

async function reencode(job: ImageJob): Promise<ImageJobResult> {
  try {
    // rotate() turns the picture upright by its EXIF orientation first, since re-encoding drops
    // all metadata (GPS included) and that tag with it.
    const base = sharp(job.inPath, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize({ width: MAX_EDGE_PX, height: MAX_EDGE_PX, fit: 'inside', withoutEnlargement: true });
    const encoded =
      job.contentType === 'image/png'
        ? base.png()
        : job.contentType === 'image/webp'
          ? base.webp({ quality: 85 })
          : base.jpeg({ quality: 85 });
    const info = await encoded.toFile(job.outPath);
    await sharp(job.outPath, { limitInputPixels: MAX_INPUT_PIXELS })
      .resize({ width: job.thumbnailPx, height: job.thumbnailPx, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toFile(job.thumbPath);
    return { id: job.id, ok: true, width: info.width, height: info.height };
  } catch {
    return { id: job.id, ok: false };
  }
}

process.on('message', (job: ImageJob) => {
  reencode(job).then((result) => process.send?.(result));
});
// The server went away (or let this worker go): nothing more will come.
process.on('disconnect', () => process.exit(0));
