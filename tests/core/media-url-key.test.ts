import { expect } from 'chai';
import { Writable } from 'node:stream';
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import mongoose from 'mongoose';
import { useTestStore } from '../support/db.js';
import { startLocalDb } from '../../localdb/index.js';
import { createLogger } from '../../server/logger.js';
import { parseConfig } from '../../config/index.js';
import { MediaUrlKeyError, registerInstance, type InstanceRegistration } from '../../core/media/url-key.js';

const KEY = 'one-shared-media-url-secret-0123456789';

function capturingLog() {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { log: createLogger('info', sink), lines };
}

/** MEDIA_URL_SECRET: required whenever more than one instance runs on a store. */
describe('media URL key across instances', function () {
  this.timeout(60_000);

  describe('registration in the store', () => {
    useTestStore();
    const running: InstanceRegistration[] = [];
    afterEach(async () => {
      for (const r of running.splice(0)) await r.stop();
    });
    const register = async (env: Record<string, string>, log = capturingLog().log) => {
      const r = await registerInstance(parseConfig(env), log);
      running.push(r);
      return r;
    };

    it('one development instance without a key runs, with a warning', async () => {
      const { log, lines } = capturingLog();
      await register({}, log);
      expect(lines.some((l) => l.level === 40 && /MEDIA_URL_SECRET is not set/.test(l.msg))).to.equal(true);
    });

    it('a second instance without a key refuses to start; once the first stops it may', async () => {
      const first = await register({});
      let refused: unknown;
      try {
        await register({});
      } catch (err) {
        refused = err;
      }
      expect(refused).to.be.instanceOf(MediaUrlKeyError);
      expect((refused as Error).message).to.match(/MEDIA_URL_SECRET is required when more than one instance runs/);
      await first.stop();
      running.splice(running.indexOf(first), 1);
      await register({});
    });

    it('instances sharing a configured key run side by side; a different key is reported', async () => {
      const a = capturingLog();
      await register({ MEDIA_URL_SECRET: KEY }, a.log);
      await register({ MEDIA_URL_SECRET: KEY }, a.log);
      expect(a.lines.filter((l) => l.level >= 50)).to.deep.equal([]);
      const b = capturingLog();
      await register({ MEDIA_URL_SECRET: `${KEY}-other` }, b.log);
      expect(b.lines.some((l) => l.level === 50 && /different MEDIA_URL_SECRET/.test(l.msg))).to.equal(true);
    });

    it('an instance killed without stopping does not block the next start', async () => {
      const instances = mongoose.connection.db!.collection('instances');
      const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
      await instances.insertMany([
        // Killed a moment ago on this machine: its process is gone.
        { _id: 'dead' as never, host: os.hostname(), pid: dead, keyId: 'x', keyConfigured: false, seenAt: new Date() },
        // Elsewhere, but silent for ten minutes.
        {
          _id: 'silent' as never,
          host: 'elsewhere',
          pid: 1,
          keyId: 'x',
          keyConfigured: false,
          seenAt: new Date(Date.now() - 600_000),
        },
      ]);
      await register({});
    });
  });

  it('end to end: a second `npm start` on the same store without MEDIA_URL_SECRET exits 1 and says why', async function () {
    this.timeout(90_000);
    const db = await startLocalDb();
    const env = {
      PATH: process.env.PATH,
      MONGODB_URI: db.uri,
      MONGODB_DB: 'ids_two_instances',
      SEED_DEMO: 'false',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
    };
    const first = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        first.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('Ids is ready')) resolve();
        });
        first.once('exit', (code) => reject(new Error(`the first instance exited (${code}): ${out}`)));
      });
      // Not spawnSync: the store runs in this process and must keep answering.
      const second = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let said = '';
      second.stdout.on('data', (c: Buffer) => (said += c.toString()));
      second.stderr.on('data', (c: Buffer) => (said += c.toString()));
      const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
      expect(code, said).to.equal(1);
      expect(said).to.include('MEDIA_URL_SECRET is required when more than one instance runs');
    } finally {
      first.kill('SIGTERM');
      await new Promise((r) => first.once('exit', r));
      await db.close();
    }
  });
});
