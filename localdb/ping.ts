// A tiny client: sends OP_MSG { ping: 1 } and waits for ok: 1. Used to check that the process
// holding a data directory's lock really serves it.
import { deserialize } from 'bson';
import net from 'node:net';
import { OP_MSG, encodeMsg } from './wire.js';

export function ping(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let data = Buffer.alloc(0);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('connect', () => socket.write(encodeMsg(1, 0, { ping: 1, $db: 'admin' })));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (data.length < 4 || data.length < data.readInt32LE(0)) return;
      try {
        if (data.readInt32LE(12) !== OP_MSG) return done(false);
        const reply = deserialize(data.subarray(21, data.readInt32LE(0)));
        done(reply.ok === 1);
      } catch {
        done(false);
      }
    });
    socket.on('error', () => done(false));
  });
}
