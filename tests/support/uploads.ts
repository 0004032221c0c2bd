import http from 'node:http';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEV_USER_HEADER } from '../../server/auth.js';
import { uploadTempDir } from '../../core/media/uploads.js';

export interface OpenUpload {
  /** Sends more of the file. */
  write(bytes: Buffer): Promise<void>;
  /** Sends the rest (`rest`, then the closing boundary) and waits for the answer. */
  finish(rest?: Buffer): Promise<{ status: number; body: any }>;
  /** Cuts the connection, as a phone losing its signal would. */
  abort(): void;
  /** The answer, should the server give one before the body is complete. */
  readonly answered: Promise<{ status: number; body: any }>;
}

/**
 * A multipart upload (field "file") over a raw HTTP request that the test feeds piece by piece, so
 * that it can be held open, answered early or cut off. `declaredBytes` is the file's full size:
 * Content-Length is set for the whole body, as a browser does.
 */
export function openUpload(
  url: string,
  opts: { email: string; name: string; declaredBytes: number; route?: string; method?: string },
): OpenUpload {
  const boundary = `----ids-test-${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${opts.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const target = new URL(opts.route ?? '/api/media', url);
  const req = http.request(target, {
    method: opts.method ?? 'POST',
    headers: {
      [DEV_USER_HEADER]: opts.email,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(head.length + opts.declaredBytes + tail.length),
    },
  });
  const answered = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
  });
  answered.catch(() => undefined);
  req.write(head);
  const write = (bytes: Buffer) =>
    new Promise<void>((resolve, reject) => req.write(bytes, (err) => (err ? reject(err) : resolve())));
  return {
    write,
    async finish(rest = Buffer.alloc(0)) {
      if (rest.length) await write(rest);
      req.end(tail);
      return answered;
    },
    abort: () => req.destroy(),
    answered,
  };
}

/** This process's temporary upload files (a test server runs in the test's own process) and their sizes. */
export async function ownTempFiles(): Promise<{ name: string; size: number }[]> {
  const dir = uploadTempDir();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const mine = names.filter((n) => n.startsWith(`${process.pid}-`));
  const out: { name: string; size: number }[] = [];
  for (const name of mine) {
    try {
      out.push({ name, size: (await stat(path.join(dir, name))).size });
    } catch {
      // removed meanwhile
    }
  }
  return out;
}

/** Waits until `check` holds (polling), or fails with `what`. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting until ${what}`);
}
