import type { Request } from 'express';
import busboy from 'busboy';
import { badRequest, payloadTooLarge, unsupportedMediaType } from '../../core/errors.js';
import { DOCUMENT_MAX_BYTES, SNIFF_BYTES, maxBytesFor, sniffKind } from '../../core/media/detect.js';

export interface ReceivedFile {
  name: string;
  data: Buffer;
}

/**
 * Reads the one file in a multipart/form-data upload (field "file") into memory, stopping at the
 * size limit for what its first bytes say it is (images 10 MB, documents 25 MB): an oversize
 * upload is refused with 413 as soon as it passes the limit, before anything is stored. The
 * rest of the body is drained and discarded so the client reads the JSON error.
 */
export function readSingleFile(req: Request): Promise<ReceivedFile> {
  return new Promise((resolve, reject) => {
    if (!req.is('multipart/form-data')) {
      reject(unsupportedMediaType('Send the file as multipart/form-data in a field named "file".'));
      return;
    }
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: DOCUMENT_MAX_BYTES, fields: 10, parts: 12, fieldSize: 1024 },
      });
    } catch {
      reject(badRequest('The multipart body is not valid.'));
      return;
    }
    let settled = false;
    let received: ReceivedFile | undefined;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    bb.on('file', (field, file, info) => {
      if (field !== 'file' || received || settled) {
        file.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let limit = DOCUMENT_MAX_BYTES;
      let sniffed = false;
      let refused = false;
      const refuse = (err: Error) => {
        refused = true;
        chunks.length = 0;
        file.resume();
        fail(err);
      };
      file.on('data', (chunk: Buffer) => {
        if (refused) return;
        chunks.push(chunk);
        size += chunk.length;
        if (!sniffed && size >= SNIFF_BYTES) {
          sniffed = true;
          limit = maxBytesFor(sniffKind(Buffer.concat(chunks).subarray(0, SNIFF_BYTES)));
        }
        if (size > limit)
          refuse(
            payloadTooLarge(
              limit === DOCUMENT_MAX_BYTES ? 'Documents may be at most 25 MB.' : 'Images may be at most 10 MB.',
            ),
          );
      });
      file.on('limit', () => {
        if (!refused) refuse(payloadTooLarge('Documents may be at most 25 MB.'));
      });
      file.on('end', () => {
        if (refused) return;
        received = { name: info.filename || 'bestand', data: Buffer.concat(chunks, size) };
      });
    });
    bb.on('close', () => {
      if (settled) return;
      if (!received) fail(badRequest('Attach the file in a form field named "file".'));
      else {
        settled = true;
        resolve(received);
      }
    });
    bb.on('error', () => fail(badRequest('The multipart body is not valid.')));
    req.on('aborted', () => fail(badRequest('The upload was aborted.')));
    req.pipe(bb);
  });
}
