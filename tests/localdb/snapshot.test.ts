// localdbSnapshot (what npm run backup reads): every collection as it was when the command ran,
// however the store changes while the cursor is read.
import { expect } from 'chai';
import { type Long, MongoClient } from 'mongodb';
import { type LocalDb, startLocalDb } from '../../localdb/index.js';

describe('localdb: localdbSnapshot', () => {
  let db: LocalDb;
  let client: MongoClient;
  before(async () => {
    db = await startLocalDb();
    client = new MongoClient(db.uri);
    await client.connect();
  });
  after(async () => {
    await client.close();
    await db.close();
  });

  it('yields each collection (with its indexes) and its documents as of the command, not later writes', async () => {
    const d = client.db('snap');
    await d.collection('people').createIndex({ email: 1 }, { unique: true });
    await d.collection('people').insertMany([{ email: 'a@x' }, { email: 'b@x' }]);
    await d.collection('posts').insertOne({ title: 'één' });

    const first = await d.command({ localdbSnapshot: 1, batchSize: 0 });
    expect(first.cursor.firstBatch).to.deep.equal([]);
    await d.collection('people').insertOne({ email: 'c@x' });
    await d.collection('posts').deleteMany({});
    await d.collection('people').updateOne({ email: 'a@x' }, { $set: { email: 'changed@x' } });

    const more = await d.command({ getMore: first.cursor.id as Long, collection: 'localdb.snapshot' });
    const entries = more.cursor.nextBatch as Array<Record<string, any>>;
    const collections = entries.filter((e) => !('doc' in e));
    expect(collections.map((c) => [c.collection, c.count]).sort()).to.deep.equal([
      ['people', 2],
      ['posts', 1],
    ]);
    expect(collections.find((c) => c.collection === 'people')!.indexes.map((i: { name: string }) => i.name)).to.include(
      'email_1',
    );
    const docs = entries.filter((e) => 'doc' in e).map((e) => `${e.collection}:${e.doc.email ?? e.doc.title}`);
    expect(docs.sort()).to.deep.equal(['people:a@x', 'people:b@x', 'posts:één']);
    expect(Number(more.cursor.id)).to.equal(0);
  });
});
