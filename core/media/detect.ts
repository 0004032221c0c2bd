import { open } from 'node:fs/promises';

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
  const simple = detectByHead(data);
  if (simple !== 'zip') return simple;
  return officeType(zipEntryNames(data));
}

/** The type from the first bytes, or 'zip' when the central directory must decide. */
function detectByHead(head: Uint8Array): DetectedType | 'zip' | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return WEBP;
  if (startsWith(head, ascii('%PDF-'))) return PDF;
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  return undefined;
}

/** A zip is a Word or Excel document when it has the Office content types and their folders. */
function officeType(names: string[] | undefined): DetectedType | undefined {
  if (!names?.includes('[Content_Types].xml')) return undefined;
  if (names.some((n) => n.startsWith('word/'))) return DOCX;
  if (names.some((n) => n.startsWith('xl/'))) return XLSX;
  return undefined;
}

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_BYTES = 22;
/** The EOCD record sits within the last 22 + 65,535 (comment) bytes. */
const EOCD_SEARCH_BYTES = EOCD_BYTES + 0xffff;

interface Eocd {
  /** Where the record starts in the buffer searched. */
  readonly at: number;
  readonly count: number;
  readonly size: number;
  readonly offset: number;
}

/** The end-of-central-directory record in the tail of a zip. */
function findEocd(tail: Buffer): Eocd | undefined {
  if (tail.length < EOCD_BYTES) return undefined;
  const from = Math.max(0, tail.length - EOCD_SEARCH_BYTES);
  for (let i = tail.length - EOCD_BYTES; i >= from; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
      return {
        at: i,
        count: tail.readUInt16LE(i + 10),
        size: tail.readUInt32LE(i + 12),
        offset: tail.readUInt32LE(i + 16),
      };
    }
  }
  return undefined;
}

/**
 * The entry names in a zip's central directory (found through the end-of-central-directory
 * record), or undefined when the structure does not hold together.
 */
export function zipEntryNames(data: Buffer): string[] | undefined {
  const eocd = findEocd(data);
  if (!eocd || eocd.offset + eocd.size > eocd.at) return undefined;
  return directoryNames(data.subarray(eocd.offset, eocd.offset + eocd.size), eocd.count);
}

/** The names in a central directory of `count` entries. */
function directoryNames(directory: Buffer, count: number): string[] | undefined {
  if (count > 100_000) return undefined;
  const names: string[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== 0x02014b50) return undefined;
    const nameLen = directory.readUInt16LE(p + 28);
    const extraLen = directory.readUInt16LE(p + 30);
    const commentLen = directory.readUInt16LE(p + 32);
    if (p + 46 + nameLen > directory.length) return undefined;
    names.push(directory.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/** The extension that goes with a stored type (names follow types, never the other way round). */
export function extensionOf(contentType: string): string | undefined {
  return [JPEG, PNG, WEBP, PDF, DOCX, XLSX].find((t) => t.contentType === contentType)?.extension;
}

/** A central directory larger than this is not an Office document anyone uploads. */
const MAX_DIRECTORY_BYTES = 4 * 1024 * 1024;

/**
 * detectType for a file on disk, reading only what it needs: the first bytes, and for a zip its
 * end-of-central-directory record and central directory (never the whole file).
 */
export async function detectFileType(path: string): Promise<DetectedType | undefined> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const read = async (position: number, length: number): Promise<Buffer> => {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
      const { bytesRead } = await file.read(buf, 0, buf.length, position);
      return buf.subarray(0, bytesRead);
    };
    const simple = detectByHead(await read(0, SNIFF_BYTES));
    if (simple !== 'zip') return simple;
    const tailStart = Math.max(0, size - EOCD_SEARCH_BYTES);
    const eocd = findEocd(await read(tailStart, size - tailStart));
    if (!eocd || eocd.offset + eocd.size > tailStart + eocd.at || eocd.size > MAX_DIRECTORY_BYTES) return undefined;
    return officeType(directoryNames(await read(eocd.offset, eocd.size), eocd.count));
  } finally {
    await file.close();
  }
}
