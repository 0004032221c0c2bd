// People and groups are read once for the requests of the next RECENT_MS (core/recent.ts): a
// change made through this process counts at once, one made by another process (another
// instance, a script) within RECENT_MS.
import { expect } from 'chai';
import mongoose from 'mongoose';
import { actorByEmail, actorByAadObjectId } from '../../core/identity.js';
import { RECENT_MS } from '../../core/recent.js';
import { loadViewer } from '../../core/posts/viewer.js';
import { joinGroup, leaveGroup } from '../../core/groups/groups.js';
import { Person } from '../../models/person.js';
import { useTestStore } from '../support/db.js';
import { aGroup, aPerson, actorOf } from '../support/factories.js';

/** Another process's write: straight to the collection, past this process's models. */
const elsewhere = (collection: string) => mongoose.connection.db!.collection(collection);

/** Polls until `probe` holds; fails when it takes longer than `withinMs`. Returns how long it took. */
async function within(withinMs: number, probe: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await probe()) return Date.now() - started;
    if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('core: people and groups read recently', () => {
  useTestStore();

  it('a change to a person through this process counts at the next request', async () => {
    const p = await aPerson({ roles: [] });
    expect((await actorByEmail(p.email))?.roles).to.deep.equal([]);
    await Person.updateOne({ _id: p._id }, { $set: { roles: ['communicator'], locale: 'en' } });
    const actor = await actorByEmail(p.email);
    expect(actor?.roles).to.deep.equal(['communicator']);
    expect(actor?.locale).to.equal('en');
    await Person.updateOne({ _id: p._id }, { $set: { active: false } });
    expect(await actorByEmail(p.email)).to.equal(undefined);
  });

  it('a person deactivated by another process is refused within RECENT_MS, not kept for good', async () => {
    const p = await aPerson({ aadObjectId: 'b4c2d9e0-0000-4000-8000-000000000001' });
    expect(await actorByAadObjectId('b4c2d9e0-0000-4000-8000-000000000001')).to.not.equal(undefined);
    expect(await actorByEmail(p.email)).to.not.equal(undefined);
    await elsewhere('people').updateOne({ _id: p._id }, { $set: { active: false } });
    const took = await within(RECENT_MS + 1_000, async () => {
      const [byOid, byEmail] = await Promise.all([
        actorByAadObjectId('b4c2d9e0-0000-4000-8000-000000000001'),
        actorByEmail(p.email),
      ]);
      return byOid === undefined && byEmail === undefined;
    });
    expect(took).to.be.at.most(RECENT_MS + 1_000);
  });

  it('a person added by another process is found at once (absence is not kept)', async () => {
    const email = `nieuw.${process.pid}@ids.test`;
    expect(await actorByEmail(email)).to.equal(undefined);
    await elsewhere('people').insertOne({ email, displayName: 'Nieuw', active: true, roles: [] });
    expect((await actorByEmail(email))?.email).to.equal(email);
  });

  it('joining and leaving a group through this process count at once; a removal elsewhere within RECENT_MS', async () => {
    const owner = await aPerson();
    const p = await aPerson();
    const group = await aGroup({ visibility: 'open', admins: [owner] });
    const id = group._id.toString();
    expect((await loadViewer(actorOf(p))).memberOf.has(id)).to.equal(false);
    await joinGroup(actorOf(p), id);
    expect((await loadViewer(actorOf(p))).memberOf.has(id)).to.equal(true);
    await leaveGroup(actorOf(p), id);
    expect((await loadViewer(actorOf(p))).memberOf.has(id)).to.equal(false);

    await joinGroup(actorOf(p), id);
    expect((await loadViewer(actorOf(p))).memberOf.has(id)).to.equal(true);
    await elsewhere('groups').updateOne({ _id: group._id }, { $pull: { members: p._id } as never });
    await within(RECENT_MS + 1_000, async () => !(await loadViewer(actorOf(p))).memberOf.has(id));
  });
});
