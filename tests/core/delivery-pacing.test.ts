import { expect } from 'chai';
import { useTestStore } from '../support/db.js';
import { AppBucket, ConversationWindows } from '../../core/delivery/pacing.js';

/** Teams' limits as a budget shared through the store: two instances draw from one bucket. */
describe('core/delivery: pacing shared through the store', () => {
  useTestStore();

  it('spaces an app bucket evenly across two instances, even when they ask at once', async () => {
    const a = new AppBucket('app:pace-1', 50, 0);
    const b = new AppBucket('app:pace-1', 50, 0);
    const now = Date.now();
    const slots = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).take(now)));
    slots.sort((x, y) => x - y);
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).to.be.closeTo(20, 0.001);
    // 100 requests at 50/s: the last one leaves just under two seconds after the first.
    expect(slots.at(-1)! - slots[0]!).to.be.closeTo(1980, 0.01);
  });

  it('leaves headroom, and after a 429 nobody sends before Retry-After and the pace slows', async () => {
    const bucket = new AppBucket('app:pace-2', 50, 0.02);
    expect(bucket.interval).to.be.closeTo(20.4, 0.001);
    const now = Date.now();
    await bucket.throttled(now + 3000, now);
    const first = await bucket.take(now);
    const second = await bucket.take(now);
    expect(first).to.be.at.least(now + 3000);
    expect(second - first).to.be.closeTo(20.4 * 1.25, 0.001);
  });

  it('keeps every conversation window (7/1 s, 8/2 s) under concurrent takes from two instances', async () => {
    const windows = [
      { count: 7, windowMs: 1000 },
      { count: 8, windowMs: 2000 },
    ];
    const a = new ConversationWindows(windows, 0);
    const b = new ConversationWindows(windows, 0);
    const now = Date.now();
    const slots = (await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).take('19:chat', now)))).sort(
      (x, y) => x - y,
    );
    expect(slots.filter((s) => s === now)).to.have.length(7);
    for (const w of windows) {
      for (const end of slots) {
        const inWindow = slots.filter((s) => s > end - w.windowMs && s <= end).length;
        expect(inWindow, `${w.count} per ${w.windowMs} ms at ${end - now}`).to.be.at.most(w.count);
      }
    }
    // Other conversations are not held up.
    expect(await a.take('19:other', now)).to.equal(now);
  });
});
