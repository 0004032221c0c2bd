import { DELIVERY_STATUS, Delivery } from '../models/delivery.js';
import { metrics } from '../core/metrics.js';
import type { StoreConnection } from '../models/connection.js';

/** At each scrape: a timed ping of the store, and the outbox counted by status. */
export function storeMetrics(store: StoreConnection): () => Promise<void> {
  return async () => {
    const started = process.hrtime.bigint();
    const up = await store.ping();
    metrics.storeUp.set(up ? 1 : 0);
    if (!up) return;
    metrics.storePing.set(Number(process.hrtime.bigint() - started) / 1e9);
    const byStatus = await Delivery.aggregate<{ _id: string; n: number }>([
      { $group: { _id: '$status', n: { $sum: 1 } } },
    ]);
    metrics.outbox.reset();
    for (const status of DELIVERY_STATUS) metrics.outbox.set(0, { status });
    for (const row of byStatus) metrics.outbox.set(row.n, { status: String(row._id) });
  };
}
