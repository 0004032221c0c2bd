// Following a data folder that another process serves. A process that finds the folder held
// (see openLocalDb) does not hand its clients the holder's address, which dies with the holder:
// it listens on a local port of its own and forwards each client connection to whichever
// process serves the folder at that moment, read from the lock file when the connection opens.
// When the holder restarts on another port, connections break once and the next ones reach the
// new address; when nobody holds the folder any more, this process takes the store over and
// serves it itself. The driver reconnects on its own, so its URI never changes.
import net from 'node:net';
import os from 'node:os';
import type { LogFn } from './log.js';
import { isAlive, readLock } from './persistence/lock.js';

export interface Upstream {
  host: string;
  port: number;
}

export interface FollowOptions {
  dataDir: string;
  log: LogFn;
  /** Starts a server on the folder in this process; rejects (LocalDbLockedError) when another process got it first. */
  takeOver: () => Promise<Upstream>;
  /** Whether an error from takeOver means someone else holds the folder (try again) rather than a failure. */
  isLocked: (e: unknown) => boolean;
  /** How long a client connection waits for a serving process before it is closed. Default 5 s. */
  waitMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function connectTo(target: Upstream): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.host, port: target.port });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

export class StoreFollower {
  readonly #opts: FollowOptions;
  readonly #server = net.createServer((client) => void this.#forward(client));
  readonly #sockets = new Set<net.Socket>();
  #own: Upstream | null = null;
  #takingOver: Promise<Upstream | null> | null = null;
  #last: string | null = null;
  #closed = false;

  constructor(opts: FollowOptions) {
    this.#opts = opts;
  }

  /** Whether this process now serves the folder itself. */
  get owns(): boolean {
    return this.#own !== null;
  }

  async listen(host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    return (this.#server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      for (const s of this.#sockets) s.destroy();
    });
  }

  #track(socket: net.Socket): void {
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
  }

  async #forward(client: net.Socket): Promise<void> {
    this.#track(client);
    client.pause();
    client.on('error', () => client.destroy());
    const upstream = await this.#connectUpstream(() => client.destroyed);
    if (!upstream || client.destroyed) {
      upstream?.destroy();
      client.destroy();
      return;
    }
    this.#track(upstream);
    upstream.on('error', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
    client.once('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  }

  /** A connection to the process serving the folder now, or null after waiting in vain. */
  async #connectUpstream(abandoned: () => boolean): Promise<net.Socket | null> {
    const deadline = Date.now() + (this.#opts.waitMs ?? 5000);
    while (!this.#closed && !abandoned()) {
      const target = await this.#target();
      if (target) {
        try {
          const socket = await connectTo(target);
          this.#noteTarget(target);
          return socket;
        } catch {
          // The holder went away (or is restarting): read the lock file again.
        }
      }
      if (Date.now() > deadline) return null;
      await sleep(100);
    }
    return null;
  }

  /** Where the folder is served: this process, the lock's holder, or (nobody) this process after a takeover. */
  async #target(): Promise<Upstream | null> {
    if (this.#own) return this.#own;
    const info = readLock(this.#opts.dataDir);
    // A pid can only be checked on its own machine; a holder elsewhere counts as alive.
    const alive = info !== null && (info.hostname !== os.hostname() || isAlive(info.pid));
    if (info?.port && alive) {
      const host = !info.host || info.host === '0.0.0.0' ? '127.0.0.1' : info.host === '::' ? '::1' : info.host;
      return { host, port: info.port };
    }
    if (alive) return null; // starting: its address is not written yet
    return this.#takeOver();
  }

  #takeOver(): Promise<Upstream | null> {
    this.#takingOver ??= (async () => {
      try {
        this.#own = await this.#opts.takeOver();
        this.#opts.log('warn', 'localdb: the process serving the data folder is gone; this process serves it now', {
          dataDir: this.#opts.dataDir,
          port: this.#own.port,
        });
        return this.#own;
      } catch (e) {
        if (this.#opts.isLocked(e)) return null; // another process took it first: follow that one
        this.#opts.log('error', 'localdb: could not take the data folder over', { error: (e as Error).message });
        return null;
      } finally {
        this.#takingOver = null;
      }
    })();
    return this.#takingOver;
  }

  #noteTarget(target: Upstream): void {
    const key = `${target.host}:${target.port}`;
    if (this.#last !== null && this.#last !== key && target !== this.#own) {
      this.#opts.log('info', 'localdb: following the data folder to its new address', {
        dataDir: this.#opts.dataDir,
        port: target.port,
      });
    }
    this.#last = key;
  }
}
