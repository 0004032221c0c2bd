import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import express from 'express';
import pino from 'pino';
import { errorHandler } from '../../server/errors.js';

/** An app with the real error handler, logging into `lines`; `/gone` fails once its client has left. */
async function serve(lines: Array<{ level: number; msg: string }>) {
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _enc, done) {
        for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    }),
  );
  const app = express();
  // As express's sendFile does when the browser goes away mid-file.
  app.get('/gone', (req, _res, next) => {
    req.on('close', () => next(Object.assign(new Error('Request aborted'), { code: 'ECONNABORTED' })));
  });
  app.get('/broken', () => {
    throw new Error('a real fault');
  });
  app.use(errorHandler(log));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('server: the error handler', () => {
  it('logs a client that went away mid-answer at debug level, not as a failed request', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const { server, url } = await serve(lines);
    try {
      const req = http.get(`${url}/gone`);
      req.on('error', () => {});
      await new Promise((resolve) => setTimeout(resolve, 100));
      req.destroy();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(lines.map((l) => l.msg)).to.include('request aborted by the client');
      expect(lines.filter((l) => l.level >= 50)).to.deep.equal([]);

      // A real fault is still an error in the log, and a 500 for the client.
      const res = await fetch(`${url}/broken`);
      expect(res.status).to.equal(500);
      expect(lines.filter((l) => l.level >= 50).map((l) => l.msg)).to.deep.equal(['request failed']);
    } finally {
      server.close();
    }
  });
});
