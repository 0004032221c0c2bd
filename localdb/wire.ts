// MongoDB wire protocol framing: OP_MSG (2013) for everything, plus the legacy OP_QUERY (2004)
// that drivers use for their first handshake, answered with OP_REPLY (1).
import { deserialize, serialize } from 'bson';
import { type Doc, normalizeDecoded } from './values.js';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

export const MAX_BSON_SIZE = 16 * 1024 * 1024;
export const MAX_MESSAGE_SIZE = 48_000_000;

const CHECKSUM_PRESENT = 1;
const MORE_TO_COME = 2;

export class ProtocolError extends Error {}

export type Incoming =
  | { kind: 'msg'; requestId: number; body: Doc; moreToCome: boolean }
  | { kind: 'query'; requestId: number; collection: string; body: Doc };

export function decodeDoc(buf: Buffer, offset: number, end: number): { doc: Doc; next: number } {
  if (end - offset < 5) throw new ProtocolError('truncated BSON document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError('invalid BSON document size');
  const doc = deserialize(buf.subarray(offset, offset + size), { promoteValues: false }) as Doc;
  return { doc: normalizeDecoded(doc) as Doc, next: offset + size };
}

/** Parses one complete message (header included). Throws ProtocolError on malformed input. */
export function parseMessage(msg: Buffer): Incoming {
  const length = msg.readInt32LE(0);
  const requestId = msg.readInt32LE(4);
  const opCode = msg.readInt32LE(12);
  if (length !== msg.length) throw new ProtocolError('message length mismatch');
  if (opCode === OP_MSG) {
    const flags = msg.readUInt32LE(16);
    if (flags & ~(CHECKSUM_PRESENT | MORE_TO_COME | 0x10000))
      throw new ProtocolError(`unsupported OP_MSG flags ${flags}`);
    const end = flags & CHECKSUM_PRESENT ? length - 4 : length;
    let pos = 20;
    let body: Doc | null = null;
    const sequences: [string, Doc[]][] = [];
    while (pos < end) {
      const kind = msg[pos++];
      if (kind === 0) {
        if (body) throw new ProtocolError('OP_MSG with two body sections');
        const r = decodeDoc(msg, pos, end);
        body = r.doc;
        pos = r.next;
      } else if (kind === 1) {
        if (end - pos < 4) throw new ProtocolError('truncated document sequence');
        const size = msg.readInt32LE(pos);
        const seqEnd = pos + size;
        if (size < 5 || seqEnd > end) throw new ProtocolError('invalid document sequence size');
        const nameEnd = msg.indexOf(0, pos + 4);
        if (nameEnd < 0 || nameEnd >= seqEnd) throw new ProtocolError('invalid document sequence identifier');
        const name = msg.toString('utf8', pos + 4, nameEnd);
        const docs: Doc[] = [];
        let p = nameEnd + 1;
        while (p < seqEnd) {
          const r = decodeDoc(msg, p, seqEnd);
          docs.push(r.doc);
          p = r.next;
        }
        sequences.push([name, docs]);
        pos = seqEnd;
      } else {
        throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
      }
    }
    if (!body) throw new ProtocolError('OP_MSG without body');
    for (const [name, docs] of sequences) body[name] = docs;
    return { kind: 'msg', requestId, body, moreToCome: (flags & MORE_TO_COME) !== 0 };
  }
  if (opCode === OP_QUERY) {
    const nameEnd = msg.indexOf(0, 20);
    if (nameEnd < 0) throw new ProtocolError('invalid OP_QUERY collection name');
    const collection = msg.toString('utf8', 20, nameEnd);
    const { doc } = decodeDoc(msg, nameEnd + 1 + 8, length);
    // Legacy drivers may wrap the command: { $query: {...}, $readPreference: ... }.
    const body = doc.$query && typeof doc.$query === 'object' ? (doc.$query as Doc) : doc;
    return { kind: 'query', requestId, collection, body };
  }
  throw new ProtocolError(`unsupported opCode ${opCode}`);
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

export function toBson(reply: Doc | Buffer): Buffer {
  return Buffer.isBuffer(reply) ? reply : Buffer.from(serialize(reply, { ignoreUndefined: true }));
}

export function encodeMsg(requestId: number, responseTo: number, reply: Doc | Buffer): Buffer {
  const body = toBson(reply);
  const out = Buffer.allocUnsafe(16 + 5 + body.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(requestId, 4);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(OP_MSG, 12);
  out.writeUInt32LE(0, 16); // flag bits
  out[20] = 0; // section kind 0: the body
  body.copy(out, 21);
  return out;
}

export function encodeReply(requestId: number, responseTo: number, reply: Doc | Buffer): Buffer {
  const body = toBson(reply);
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(8, 0); // AwaitCapable
  fields.writeInt32LE(1, 16); // numberReturned
  return Buffer.concat([header(16 + 20 + body.length, requestId, responseTo, OP_REPLY), fields, body]);
}

// ---- hand-built BSON for cursor replies, so batches of pre-serialized documents are not
// serialized twice; written into one buffer (a reply is on every read) ----

/** `{ cursor: { id: Long, ns, <batchName>: [docs] }, ok: 1 }` from serialized documents. */
export function cursorReply(batchName: 'firstBatch' | 'nextBatch', docs: Buffer[], id: bigint, ns: string): Buffer {
  const nsLength = Buffer.byteLength(ns, 'utf8');
  let batchBody = 0;
  for (let i = 0; i < docs.length; i++) batchBody += 1 + String(i).length + 1 + docs[i]!.length;
  const batchSize = 4 + batchBody + 1;
  const cursorSize = 4 + (1 + 3 + 8) + (1 + 3 + 4 + nsLength + 1) + (1 + batchName.length + 1 + batchSize) + 1;
  const total = 4 + (1 + 7 + cursorSize) + (1 + 3 + 8) + 1;
  const out = Buffer.allocUnsafe(total);
  let at = out.writeInt32LE(total, 0);
  const name = (type: number, key: string) => {
    out[at++] = type;
    at += out.write(key, at, 'latin1');
    out[at++] = 0;
  };
  name(0x03, 'cursor');
  at = out.writeInt32LE(cursorSize, at);
  name(0x12, 'id');
  at = out.writeBigInt64LE(id, at);
  name(0x02, 'ns');
  at = out.writeInt32LE(nsLength + 1, at);
  at += out.write(ns, at, 'utf8');
  out[at++] = 0;
  name(0x04, batchName);
  at = out.writeInt32LE(batchSize, at);
  for (let i = 0; i < docs.length; i++) {
    name(0x03, String(i));
    at += docs[i]!.copy(out, at);
  }
  out[at++] = 0; // end of the batch
  out[at++] = 0; // end of cursor
  name(0x01, 'ok');
  at = out.writeDoubleLE(1, at);
  out[at++] = 0;
  if (at !== total) throw new Error(`cursor reply size mismatch: ${at} != ${total}`);
  return out;
}
