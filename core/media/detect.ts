/**
 * What a file is, decided by its bytes, never by its name or the type the client claims.
 */
export type MediaKind = 'image' | 'document';

export interface DetectedType {
  readonly kind: MediaKind;
  readonly contentType: string;
  readonly extension: string;
}

export const IMAGE_MAX_BYTES = 10 * 1024 * 1024;
export const DOCUMENT_MAX_BYTES = 25 * 1024 * 1024;
/** Enough leading bytes to tell an image from a document. */
export const SNIFF_BYTES = 16;

export const JPEG: DetectedType = { kind: 'image', contentType: 'image/jpeg', extension: 'jpg' };
export const PNG: DetectedType = { kind: 'image', contentType: 'image/png', extension: 'png' };
export const WEBP: DetectedType = { kind: 'image', contentType: 'image/webp', extension: 'webp' };
export const PDF: DetectedType = { kind: 'document', contentType: 'application/pdf', extension: 'pdf' };
export const DOCX: DetectedType = {
  kind: 'document',
  contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  extension: 'docx',
};
export const XLSX: DetectedType = {
  kind: 'document',
  contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  extension: 'xlsx',
};

const startsWith = (buf: Uint8Array, sig: number[], at = 0) => sig.every((b, i) => buf[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** From the first bytes alone: which kind the file claims to be (its size limit follows from it). */
export function sniffKind(head: Uint8Array): MediaKind | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff]) || startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return 'image';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image';
  if (startsWith(head, ascii('%PDF-')) || startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'document';
  return undefined;
}

export function maxBytesFor(kind: MediaKind | undefined): number {
  return kind === 'image' ? IMAGE_MAX_BYTES : DOCUMENT_MAX_BYTES;
}

/** The full check: the exact type, or undefined when the content is none of the accepted types. */
export function detectType(data: Buffer): DetectedType | undefined {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WEBP'), 8)) return WEBP;
  if (startsWith(data, ascii('%PDF-'))) return PDF;
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipEntryNames(data);
    if (!names?.includes('[Content_Types].xml')) return undefined;
    if (names.some((n) => n.startsWith('word/'))) return DOCX;
    if (names.some((n) => n.startsWith('xl/'))) return XLSX;
  }
  return undefined;
}

/**
 * The entry names in a zip's central directory (found through the end-of-central-directory
 * record), or undefined when the structure does not hold together.
 */
export function zipEntryNames(data: Buffer): string[] | undefined {
  const EOCD = 0x06054b50;
  const minEocd = 22;
  if (data.length < minEocd) return undefined;
  const from = Math.max(0, data.length - minEocd - 0xffff);
  let eocd = -1;
  for (let i = data.length - minEocd; i >= from; i--) {
    if (data.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = data.readUInt16LE(eocd + 10);
  const size = data.readUInt32LE(eocd + 12);
  const offset = data.readUInt32LE(eocd + 16);
  if (offset + size > eocd || count > 100_000) return undefined;
  const names: string[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > data.length || data.readUInt32LE(p) !== 0x02014b50) return undefined;
    const nameLen = data.readUInt16LE(p + 28);
    const extraLen = data.readUInt16LE(p + 30);
    const commentLen = data.readUInt16LE(p + 32);
    if (p + 46 + nameLen > data.length) return undefined;
    names.push(data.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}
