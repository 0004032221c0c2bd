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

  it('leaves headroom, and after a 429 nobody sends before Retry-After, at the same pace', async () => {
    const bucket = new AppBucket('app:pace-2', 50, 0.02);
    expect(bucket.interval).to.be.closeTo(20.4, 0.001);
    const now = Date.now();
    await bucket.throttled(now + 3000, now - 5, now);
    // More 429s of the same burst: requests that left before that Retry-After had passed.
    await bucket.throttled(now + 3010, now + 5, now + 10);
    const first = await bucket.take(now);
    const second = await bucket.take(now);
    expect(first).to.be.at.least(now + 3010);
    // One 429 (or one burst) is waited out, not paid for again with a slower pace.
    expect(second - first).to.be.closeTo(20.4, 0.001);
  });

  it('slows down only when 429s repeat after Retry-After was waited out, and only for a while', async () => {
    const bucket = new AppBucket('app:pace-3', 50, 0);
    const now = Date.now();
    await bucket.throttled(now + 1000, now - 5, now);
    // A request that left after the wait was answered 429 again: the rate is too high for now.
    await bucket.throttled(now + 2100, now + 1100, now + 1100);
    const first = await bucket.take(now + 1100);
    const second = await bucket.take(now + 1100);
    expect(first).to.be.at.least(now + 2100);
    expect(second - first).to.be.closeTo(20 * 1.25, 0.001);
    // Some seconds later the bucket runs at its configured pace again.
    const later = await bucket.take(now + 2100 + 5_000);
    const next = await bucket.take(now + 2100 + 5_000);
    expect(next - later).to.be.closeTo(20, 0.001);
    // A 429 long after the last one is a single one again.
    await bucket.throttled(now + 60_000, now + 58_000, now + 59_000);
    const a = await bucket.take(now + 59_000);
    const b = await bucket.take(now + 59_000);
    expect(b - a).to.be.closeTo(20, 0.001);
  });

  it("counts a process's own last second from when Teams surely had each request: its answer", () => {
    const bucket = new AppBucket('app:pace-local', 50, 0, 15);
    const t = 1_000_000;
    // The first request of a process is slow to go out (the client and its connection are set
    // up) and still unanswered when the 50th leaves, 980 ms later; the others are answered in 3 ms.
    const answers = Array.from({ length: 50 }, (_, i) => bucket.leaving(t + i * 20));
    for (const [i, answer] of answers.entries()) if (i > 0) answer(t + i * 20 + 3);
    expect(bucket.localWait(t + 1015), 'the first request is not answered yet').to.equal(2);
    expect(bucket.localWait(t + 1100), 'it may still be on its way').to.equal(2);
    // Its answer comes 120 ms after it left: it reached Teams by then, so the 51st waits for one
    // second after that answer (the margin after its departure would have been too soon).
    answers[0]!(t + 120);
    expect(bucket.localWait(t + 1100)).to.equal(21);
    expect(bucket.localWait(t + 1121)).to.equal(0);
  });

  it('lets the next request go sooner than the margin when answers come back quickly', () => {
    const t = 1_000_000;
    const quick = new AppBucket('app:pace-quick', 2, 0, 15);
    quick.leaving(t)(t + 3);
    quick.leaving(t + 10)(t + 12);
    expect(quick.localWait(t + 1000)).to.equal(4);
    expect(quick.localWait(t + 1004)).to.equal(0);
    // A request that stays unanswered is taken as arrived 250 ms after it left (a slow answer).
    const slow = new AppBucket('app:pace-slow', 2, 0, 15);
    slow.leaving(t);
    slow.leaving(t + 10);
    expect(slow.localWait(t + 500), 'it cannot count before a second after it left').to.equal(501);
    expect(slow.localWait(t + 1249), 'waiting for the first answer').to.equal(2);
    expect(slow.localWait(t + 1251)).to.equal(0);
    // Calls that do not report their answer (a reply in a turn) are taken to arrive within the margin.
    const untracked = new AppBucket('app:pace-untracked', 2, 0, 15);
    untracked.departed(t);
    untracked.departed(t + 10);
    expect(untracked.localWait(t + 1000)).to.equal(15);
    expect(untracked.localWait(t + 1015)).to.equal(0);
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
