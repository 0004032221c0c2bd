// Journal and snapshot records: [u32 payload length][u32 crc32(payload)][payload], little endian.
// Payload = [type byte] then, for document records, the namespace as a C string and a BSON
// document. Records hold effects (the resulting document, the deleted _id), never commands, so
// replaying them is deterministic.
import { deserialize, serialize } from 'bson';
import { crc32 } from 'node:zlib';
import { type Doc, normalizeDecoded } from '../values.js';

const PUT = 1;
const DEL = 2;
const META = 3;
const HEADER = 8;
const MAX_RECORD = 256 * 1024 * 1024;

export type Rec =
  | { type: 'put'; ns: string; doc: Doc }
  | { type: 'del'; ns: string; id: unknown }
  | { type: 'meta'; meta: Doc };

function frame(payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HEADER + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  payload.copy(out, HEADER);
  return out;
}

function withNs(type: number, ns: string, bson: Uint8Array): Buffer {
  const nsBytes = Buffer.from(ns, 'utf8');
  const payload = Buffer.allocUnsafe(1 + nsBytes.length + 1 + bson.length);
  payload[0] = type;
  nsBytes.copy(payload, 1);
  payload[1 + nsBytes.length] = 0;
  payload.set(bson, 2 + nsBytes.length);
  return frame(payload);
}

export function putRecord(ns: string, doc: Doc): Buffer {
  return withNs(PUT, ns, serialize(doc));
}

export function delRecord(ns: string, id: unknown): Buffer {
  return withNs(DEL, ns, serialize({ _id: id }));
}

export function metaRecord(meta: Doc): Buffer {
  const bson = serialize(meta);
  const payload = Buffer.allocUnsafe(1 + bson.length);
  payload[0] = META;
  payload.set(bson, 1);
  return frame(payload);
}

function decodeDoc(buf: Buffer): Doc {
  return normalizeDecoded(deserialize(buf, { promoteValues: false })) as Doc;
}

function decodePayload(p: Buffer): Rec {
  const type = p[0];
  if (type === META) return { type: 'meta', meta: decodeDoc(p.subarray(1)) };
  const end = p.indexOf(0, 1);
  if (end < 0) throw new Error('namespace not terminated');
  const ns = p.toString('utf8', 1, end);
  const doc = decodeDoc(p.subarray(end + 1));
  if (type === PUT) return { type: 'put', ns, doc };
  if (type === DEL) return { type: 'del', ns, id: doc._id };
  throw new Error(`unknown record type ${type}`);
}

export interface ReadResult {
  records: Rec[];
  /** Bytes up to the end of the last whole, valid record. */
  validBytes: number;
  /** Why reading stopped before the end of the buffer, if it did. */
  problem?: string;
}

type Read = { rec: Rec; end: number } | { problem: string };

/** The record starting at `pos`, or why there is none. */
function recordAt(buf: Buffer, pos: number): Read {
  if (buf.length - pos < HEADER) return { problem: `torn record header at byte ${pos}` };
  const len = buf.readUInt32LE(pos);
  const sum = buf.readUInt32LE(pos + 4);
  if (len === 0 || len > MAX_RECORD) return { problem: `bad record length ${len} at byte ${pos}` };
  if (buf.length - pos - HEADER < len) return { problem: `torn record at byte ${pos} (${len} bytes expected)` };
  const payload = buf.subarray(pos + HEADER, pos + HEADER + len);
  if (crc32(payload) !== sum) return { problem: `checksum mismatch at byte ${pos}` };
  try {
    return { rec: decodePayload(payload), end: pos + HEADER + len };
  } catch (e) {
    return { problem: `undecodable record at byte ${pos}: ${(e as Error).message}` };
  }
}

/** Reads records until the end or the first torn/corrupt one. */
export function readRecords(buf: Buffer): ReadResult {
  const records: Rec[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const r = recordAt(buf, pos);
    if ('problem' in r) return { records, validBytes: pos, problem: r.problem };
    records.push(r.rec);
    pos = r.end;
  }
  return { records, validBytes: pos };
}

/**
 * The offset of the first whole, valid record that starts after `from`, or -1. A crash can only
 * tear the end of a journal; a valid record after a bad one means the damage is not a torn tail.
 */
export function nextValidRecord(buf: Buffer, from: number): number {
  for (let pos = from + 1; pos + HEADER < buf.length; pos++) {
    const len = buf.readUInt32LE(pos);
    if (len === 0 || len > buf.length - pos - HEADER) continue;
    const type = buf[pos + HEADER];
    if (type !== PUT && type !== DEL && type !== META) continue;
    if (!('problem' in recordAt(buf, pos))) return pos;
  }
  return -1;
}

export interface DamagedRange {
  offset: number;
  length: number;
  problem: string;
}

export interface ScanResult {
  records: Rec[];
  /** Where each record starts. */
  offsets: number[];
  /** The byte ranges of the intact records, in order (to copy them out as they are). */
  intact: { offset: number; length: number }[];
  /** The damaged ranges skipped, each from a bad record to the next valid one (or the end). */
  damaged: DamagedRange[];
}

/** Reads every intact record, skipping damaged ranges (for salvage). */
export function scanRecords(buf: Buffer): ScanResult {
  const out: ScanResult = { records: [], offsets: [], intact: [], damaged: [] };
  let pos = 0;
  while (pos < buf.length) {
    const r = recordAt(buf, pos);
    if ('problem' in r) {
      const next = nextValidRecord(buf, pos);
      const end = next === -1 ? buf.length : next;
      out.damaged.push({ offset: pos, length: end - pos, problem: r.problem });
      pos = end;
      continue;
    }
    out.records.push(r.rec);
    out.offsets.push(pos);
    const last = out.intact[out.intact.length - 1];
    if (last && last.offset + last.length === pos) last.length += r.end - pos;
    else out.intact.push({ offset: pos, length: r.end - pos });
    pos = r.end;
  }
  return out;
}
