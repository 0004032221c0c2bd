// Handshake, server information and session housekeeping commands.
import { UUID, calculateObjectSize } from 'bson';
import os from 'node:os';
import { MongoError } from '../errors.js';
import { Matcher } from '../matcher.js';
import { MAX_BSON_SIZE, MAX_MESSAGE_SIZE } from '../wire.js';
import type { Doc } from '../values.js';
import type { CommandContext, CommandHandler } from './context.js';

export const SERVER_VERSION = '7.0.0';

export function helloReply(ctx: CommandContext): Doc {
  return {
    helloOk: true,
    ismaster: true,
    isWritablePrimary: true,
    maxBsonObjectSize: MAX_BSON_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: 100000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
    ok: 1,
  };
}

function sizeOf(docs: Iterable<Doc>): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  for (const d of docs) {
    count++;
    bytes += calculateObjectSize(d);
  }
  return { count, bytes };
}

const hello: CommandHandler = (_cmd, _db, ctx) => helloReply(ctx);
const ok: CommandHandler = () => ({ ok: 1 });

export const adminCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: ok,
  endSessions: ok,
  killAllSessions: ok,
  killSessions: ok,
  refreshSessions: ok,
  killAllSessionsByPattern: ok,
  startSession: () => ({ id: { id: new UUID() }, timeoutMinutes: 30, ok: 1 }),
  getLastError: () => ({ err: null, n: 0, ok: 1 }),
  getlasterror: () => ({ err: null, n: 0, ok: 1 }),
  whatsmyuri: () => ({ you: '127.0.0.1:0', ok: 1 }),
  buildInfo: () => buildInfo(),
  buildinfo: () => buildInfo(),
  getParameter: (cmd) => {
    const out: Doc = { ok: 1 };
    const all = cmd.getParameter === '*';
    if (all || cmd.featureCompatibilityVersion !== undefined) out.featureCompatibilityVersion = { version: '7.0' };
    if (all || cmd.authenticationMechanisms !== undefined) out.authenticationMechanisms = [];
    if (all || cmd.requireApiVersion !== undefined) out.requireApiVersion = false;
    return out;
  },
  getCmdLineOpts: () => ({ argv: ['localdb'], parsed: {}, ok: 1 }),
  hostInfo: () => ({
    system: { hostname: os.hostname(), cpuAddrSize: 64, numCores: os.cpus().length },
    os: { type: os.type() },
    ok: 1,
  }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  serverStatus: (_cmd, _db, ctx) => {
    const uptimeMs = Date.now() - ctx.server.startedAt;
    return {
      host: `${os.hostname()}:${ctx.server.port}`,
      version: SERVER_VERSION,
      process: 'localdb',
      pid: process.pid,
      uptime: Math.floor(uptimeMs / 1000),
      uptimeMillis: uptimeMs,
      localTime: new Date(),
      connections: {
        current: ctx.server.currentConnections(),
        available: 10000,
        totalCreated: ctx.server.totalConnections(),
      },
      metrics: { cursor: { open: { total: ctx.cursors.size } } },
      mem: { resident: Math.round(process.memoryUsage().rss / 1048576) },
      ok: 1,
    };
  },
  listDatabases: (cmd, _db, ctx) => {
    const filter = cmd.filter ? new Matcher(cmd.filter) : null;
    const databases: Doc[] = [];
    let totalSize = 0;
    for (const [name, colls] of ctx.store.dbs) {
      let bytes = 0;
      let count = 0;
      for (const c of colls.values()) {
        const s = sizeOf(c.docs.values());
        bytes += s.bytes;
        count += s.count;
      }
      const entry: Doc = { name, sizeOnDisk: bytes, empty: count === 0 };
      if (filter && !filter.testValue(entry)) continue;
      totalSize += bytes;
      databases.push(cmd.nameOnly ? { name } : entry);
    }
    return cmd.nameOnly
      ? { databases, ok: 1 }
      : { databases, totalSize, totalSizeMb: Math.round(totalSize / 1048576), ok: 1 };
  },
  dbStats: (cmd, db, ctx) => {
    let objects = 0;
    let dataSize = 0;
    let indexes = 0;
    const colls = ctx.store.collections(db);
    for (const c of colls) {
      const s = sizeOf(c.docs.values());
      objects += s.count;
      dataSize += s.bytes;
      indexes += c.indexes.length;
    }
    const scale = Number(cmd.scale) || 1;
    return {
      db,
      collections: colls.length,
      views: 0,
      objects,
      avgObjSize: objects ? dataSize / objects : 0,
      dataSize: dataSize / scale,
      storageSize: dataSize / scale,
      indexes,
      indexSize: 0,
      totalSize: dataSize / scale,
      scaleFactor: scale,
      ok: 1,
    };
  },
  collStats: (cmd, db, ctx) => {
    const name = String(cmd.collStats);
    const coll = ctx.store.collection(db, name);
    if (!coll) throw new MongoError(26, `Collection [${db}.${name}] not found.`);
    const s = sizeOf(coll.docs.values());
    return {
      ns: coll.ns,
      count: s.count,
      size: s.bytes,
      avgObjSize: s.count ? s.bytes / s.count : 0,
      storageSize: s.bytes,
      nindexes: coll.indexes.length,
      totalIndexSize: 0,
      indexSizes: Object.fromEntries(coll.indexes.map((ix) => [ix.name, 0])),
      capped: false,
      ok: 1,
    };
  },
};

function buildInfo(): Doc {
  return {
    version: SERVER_VERSION,
    gitVersion: 'localdb',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_SIZE,
    storageEngines: ['localdb'],
    modules: [],
    javascriptEngine: 'none',
    ok: 1,
  };
}
