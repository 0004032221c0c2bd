// The TCP side: frames messages, runs each connection's requests one after the other, and
// answers. A malformed message closes only its own connection.
import net from 'node:net';
import { runCommand } from './commands/index.js';
import type { CommandContext, Reply, ServerStats } from './commands/context.js';
import type { CursorRegistry } from './cursors.js';
import { errorReply } from './errors.js';
import type { LogFn } from './log.js';
import type { Store } from './store.js';
import { MAX_MESSAGE_SIZE, ProtocolError, encodeMsg, encodeReply, parseMessage } from './wire.js';

const MAX_FRAME = MAX_MESSAGE_SIZE + 16 * 1024 * 1024;

export class WireServer {
  readonly #store: Store;
  readonly #cursors: CursorRegistry;
  readonly #log: LogFn;
  readonly #server: net.Server;
  readonly #sockets = new Set<net.Socket>();
  #nextConnectionId = 1;
  #requestId = 1;
  #stats: ServerStats = {
    startedAt: Date.now(),
    host: '127.0.0.1',
    port: 0,
    currentConnections: () => this.#sockets.size,
    totalConnections: () => this.#nextConnectionId - 1,
  };

  constructor(store: Store, cursors: CursorRegistry, log: LogFn) {
    this.#store = store;
    this.#cursors = cursors;
    this.#log = log;
    this.#server = net.createServer((socket) => this.#accept(socket));
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        const addr = this.#server.address() as net.AddressInfo;
        this.#stats.host = host;
        this.#stats.port = addr.port;
        resolve(addr.port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      for (const s of this.#sockets) s.destroy();
    });
  }

  #accept(socket: net.Socket): void {
    const ctx: CommandContext = {
      store: this.#store,
      cursors: this.#cursors,
      connectionId: this.#nextConnectionId++,
      server: this.#stats,
    };
    this.#sockets.add(socket);
    socket.setNoDelay(true);
    let chunks: Buffer[] = [];
    let buffered = 0;
    const queue: Buffer[] = [];
    let busy = false;

    const pump = async () => {
      if (busy) return;
      busy = true;
      try {
        while (queue.length && !socket.destroyed) {
          const out = await this.#handle(queue.shift()!, ctx);
          if (out && !socket.destroyed && !socket.write(out)) {
            await new Promise<void>((r) => {
              socket.once('drain', r);
              socket.once('close', r);
            });
          }
        }
      } catch (e) {
        this.#log('warn', 'localdb: closing connection after a bad message', {
          connectionId: ctx.connectionId,
          error: (e as Error).message,
        });
        socket.destroy();
      } finally {
        busy = false;
      }
    };

    socket.on('data', (data: Buffer) => {
      chunks.push(data);
      buffered += data.length;
      while (buffered >= 4) {
        if (chunks[0].length < 4) chunks = [Buffer.concat(chunks)];
        const length = chunks[0].readInt32LE(0);
        if (length < 16 || length > MAX_FRAME) {
          this.#log('warn', 'localdb: invalid message length, closing connection', {
            connectionId: ctx.connectionId,
            length,
          });
          socket.destroy();
          return;
        }
        if (buffered < length) break;
        const all = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        queue.push(all.subarray(0, length));
        const rest = all.subarray(length);
        chunks = rest.length ? [rest] : [];
        buffered = rest.length;
      }
      void pump();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.#sockets.delete(socket));
  }

  /** Runs one message; returns the bytes to send back, or null (moreToCome). */
  async #handle(raw: Buffer, ctx: CommandContext): Promise<Buffer | null> {
    let parsed: ReturnType<typeof parseMessage>;
    try {
      parsed = parseMessage(raw);
    } catch (e) {
      if (e instanceof ProtocolError || e instanceof RangeError || (e as Error).name === 'BSONError') throw e;
      throw new ProtocolError((e as Error).message);
    }
    const requestId = this.#requestId++ & 0x7fffffff;
    if (parsed.kind === 'query') {
      const dot = parsed.collection.indexOf('.');
      const db = parsed.collection.slice(0, dot);
      let reply: Reply;
      if (!parsed.collection.endsWith('.$cmd'))
        reply = { $err: 'OP_QUERY is only supported for commands', code: 5739101, ok: 0 };
      else reply = await runCommand(parsed.body, db, ctx);
      return this.#encode(encodeReply, requestId, parsed.requestId, reply);
    }
    const db = parsed.body.$db;
    const reply: Reply =
      typeof db === 'string'
        ? await runCommand(parsed.body, db, ctx)
        : { ok: 0, errmsg: 'OP_MSG requests require a $db argument', code: 40571, codeName: 'Location40571' };
    if (parsed.moreToCome) return null;
    return this.#encode(encodeMsg, requestId, parsed.requestId, reply);
  }

  #encode(
    fn: (id: number, to: number, r: Reply) => Buffer,
    requestId: number,
    responseTo: number,
    reply: Reply,
  ): Buffer {
    try {
      return fn(requestId, responseTo, reply);
    } catch (e) {
      return fn(requestId, responseTo, errorReply(e));
    }
  }
}
