import { createWriteStream, type WriteStream } from 'node:fs';
import type { Request } from 'express';
import busboy from 'busboy';
import { badRequest, unsupportedMediaType } from '../../core/errors.js';
import { DOCUMENT_MAX_BYTES, SNIFF_BYTES, maxBytesFor, sniffKind } from '../../core/media/detect.js';
import { refuseTooLarge } from '../../core/media/media.js';

/**
 * Receives the one file of a multipart/form-data upload (field "file") into `tempPath`, a chunk at
 * a time (never the whole file in memory), stopping at the size limit for what its first bytes
 * say it is (images 10 MB, documents 25 MB): an oversize upload is refused with 413 as soon as it
 * passes the limit. The rest of the body is drained and discarded so the client reads the JSON
 * error. Settles only once the temporary file is closed, so the caller can always remove it.
 */
export function receiveMultipartFile(req: Request, tempPath: string): Promise<{ name: string; size: number }> {
  return new Promise((resolve, reject) => {
    if (!req.is('multipart/form-data')) {
      reject(unsupportedMediaType({ key: 'media.notMultipart' }));
      return;
    }
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: DOCUMENT_MAX_BYTES, fields: 10, parts: 12, fieldSize: 1024 },
      });
    } catch {
      reject(badRequest({ key: 'media.badMultipart' }));
      return;
    }
    let settled = false;
    let out: WriteStream | undefined;
    let outClosed = false;
    let received: { name: string; size: number } | undefined;
    let formDone = false;

    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      // Wait for the temporary file to be closed (or never opened) before the caller removes it.
      if (out && !outClosed) {
        out.destroy();
        out.once('close', finish);
      } else finish();
    };
    const fail = (err: Error) => settle(() => reject(err));
    const maybeDone = () => {
      if (!formDone || (out && !outClosed) || settled) return;
      if (received) {
        const file = received;
        settle(() => resolve(file));
      } else fail(badRequest({ key: 'media.noFile' }));
    };

    bb.on('file', (field, file, info) => {
      if (field !== 'file' || out || settled) {
        file.resume();
        return;
      }
      const stream = createWriteStream(tempPath, { flags: 'wx', mode: 0o600 });
      out = stream;
      stream.once('close', () => {
        outClosed = true;
        maybeDone();
      });
      stream.once('error', (err) => {
        file.resume();
        fail(err);
      });
      let size = 0;
      let head: Buffer | undefined = Buffer.alloc(0);
      let limit = DOCUMENT_MAX_BYTES;
      let refused = false;
      const refuse = (err: Error) => {
        refused = true;
        file.resume();
        fail(err);
      };
      file.on('data', (chunk: Buffer) => {
        if (refused || settled) return;
        size += chunk.length;
        if (head) {
          head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES)]);
          if (head.length >= SNIFF_BYTES) {
            limit = maxBytesFor(sniffKind(head));
            head = undefined;
          }
        }
        if (size > limit) {
          refuse(refuseTooLarge(limit === DOCUMENT_MAX_BYTES ? 'document' : 'image'));
          return;
        }
        if (!stream.write(chunk)) {
          file.pause();
          stream.once('drain', () => file.resume());
        }
      });
      file.on('limit', () => {
        if (!refused) refuse(refuseTooLarge('document'));
      });
      file.on('end', () => {
        if (refused || settled) return;
        received = { name: info.filename || 'bestand', size };
        stream.end();
      });
    });
    bb.on('close', () => {
      formDone = true;
      maybeDone();
    });
    bb.on('error', () => fail(badRequest({ key: 'media.badMultipart' })));
    req.on('close', () => {
      if (!req.complete) fail(badRequest({ key: 'media.aborted' }));
    });
    req.pipe(bb);
  });
}

/** The body size the client announced (Content-Length), to refuse an upload that cannot fit before reading it. */
export function declaredBytes(req: Request): number | undefined {
  const n = Number(req.headers['content-length']);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
