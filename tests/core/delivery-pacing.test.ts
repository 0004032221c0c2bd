import { expect } from 'chai';
import { useTestStore } from '../support/db.js';
import { AppBucket, ConversationWindows, SlotTooFar } from '../../core/delivery/pacing.js';

/** Holds the event loop (a long GC pause, a heavy request): every timer due meanwhile fires late. */
function hold(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy
  }
}

/** Counts the store reservations a bucket makes. */
class CountedBucket extends AppBucket {
  reservations = 0;
  override takeMany(n: number, now?: number): Promise<number[]> {
    this.reservations += 1;
    return super.takeMany(n, now);
  }
}

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

  it('leaves headroom; after a 429 nobody sends before Retry-After, and a second 429 soon after slows the pace', async () => {
    const bucket = new AppBucket('app:pace-2', 50, 0.02);
    expect(bucket.interval).to.be.closeTo(20.4, 0.001);
    const now = Date.now();
    await bucket.throttled(now + 3000, now);
    const first = await bucket.take(now);
    const second = await bucket.take(now);
    expect(first).to.be.at.least(now + 3000);
    // Waiting out Retry-After emptied Teams' window: the pace is the same afterwards.
    expect(second - first).to.be.closeTo(20.4, 0.001);
    // Another 429 within 15 s: the configured ceiling is too high for this tenant, so it slows.
    await bucket.throttled(now + 4000, now + 100);
    const third = await bucket.take(now);
    const fourth = await bucket.take(now);
    expect(third).to.be.at.least(now + 4000);
    expect(fourth - third).to.be.closeTo(20.4 * 1.25, 0.001);
  });

  it('reserves several slots in one update, interleaved across instances without overlap', async () => {
    const a = new AppBucket('app:pace-3', 50, 0);
    const b = new AppBucket('app:pace-3', 50, 0);
    const now = Date.now();
    const batches = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).takeMany(10, now)));
    for (const batch of batches) {
      expect(batch).to.have.length(10);
      for (let i = 1; i < batch.length; i++) expect(batch[i]! - batch[i - 1]!).to.be.closeTo(20, 0.001);
    }
    const slots = batches.flat().sort((x, y) => x - y);
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).to.be.closeTo(20, 0.001);
    expect(a.shared && b.shared).to.equal(true);
  });

  it('lets waiting callers go at their slots, in order, with one store update per batch', async () => {
    const bucket = new CountedBucket('app:pace-4', 20, 0);
    const asked = Date.now();
    const order: number[] = [];
    const departed = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        bucket.acquire().then((at) => {
          order.push(i);
          return at;
        }),
      ),
    );
    expect(order).to.deep.equal([...order].sort((x, y) => x - y));
    // 30 callers at 20/s: never 20 within a second of each other, the last after about 1.45 s.
    for (let i = 20; i < departed.length; i++) expect(departed[i]! - departed[i - 20]!).to.be.at.least(1000);
    expect(departed.at(-1)! - asked).to.be.within(1400, 2500);
    expect(bucket.reservations).to.be.at.most(6);
    expect(bucket.missed).to.equal(0);
  });

  it('alone, uses the slots it woke too late for (its own departures are all Teams sees)', async () => {
    const bucket = new AppBucket('app:pace-5', 10, 0);
    const waiting = Array.from({ length: 15 }, () => bucket.acquire());
    await new Promise((r) => setTimeout(r, 150));
    hold(600);
    const departed = await Promise.all(waiting);
    expect(bucket.shared).to.equal(false);
    expect(bucket.missed).to.equal(0);
    // The slots it missed left together after the pause, but never 10 within a second.
    for (let i = 10; i < departed.length; i++) expect(departed[i]! - departed[i - 10]!).to.be.at.least(1000);
  });

  it('shared with another instance, drops the slots it woke too late for rather than crowding the next', async () => {
    const other = new AppBucket('app:pace-6', 10, 0);
    const bucket = new AppBucket('app:pace-6', 10, 0);
    await other.take();
    const waiting = Array.from({ length: 15 }, () => bucket.acquire());
    await new Promise((r) => setTimeout(r, 150));
    expect(bucket.shared).to.equal(true);
    hold(600);
    const departed = await Promise.all(waiting);
    expect(bucket.missed).to.be.at.least(3);
    // Every departure kept to a slot: nothing left more than two slots after another's.
    for (let i = 10; i < departed.length; i++) expect(departed[i]! - departed[i - 10]!).to.be.at.least(1000);
  });

  it('tells a caller whose slot lies too far ahead (a Retry-After pause) instead of holding it', async () => {
    const bucket = new AppBucket('app:pace-7', 50, 0);
    const until = Date.now() + 5000;
    await bucket.throttled(until);
    const err = await bucket.acquire(1000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(SlotTooFar);
    expect((err as SlotTooFar).at).to.be.at.least(until);
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
