/**
 * Makes a photo smaller in the browser before it is sent: a phone's 12-megapixel photo becomes a
 * JPEG of at most `maxEdge` pixels on its longest side (a few hundred KB instead of several MB),
 * which matters on a field worker's mobile connection. Browsers apply the photo's EXIF rotation
 * when decoding, and a canvas carries no EXIF, so the location data stays on the phone too (the
 * server strips it again anyway).
 */
export async function resizeImage(
  file: Blob,
  maxEdge = 2048,
  quality = 0.85,
): Promise<{ blob: Blob; width: number; height: number }> {
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const scale = Math.min(1, maxEdge / Math.max(img.naturalWidth, img.naturalHeight));
    const width = Math.max(1, Math.round(img.naturalWidth * scale));
    const height = Math.max(1, Math.round(img.naturalHeight * scale));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no canvas');
    ctx.drawImage(img, 0, 0, width, height);
    const blob = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encoding failed'))), 'image/jpeg', quality),
    );
    return { blob, width, height };
  } finally {
    URL.revokeObjectURL(url);
  }
}
