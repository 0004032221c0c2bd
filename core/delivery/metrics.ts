import { registerCounted, type CountedValue } from '../metrics.js';

/**
 * The delivery worker's counters, per process: plain numbers for logs, tests and benches, and
 * served by GET /metrics with the rest (handed to core/metrics.ts's registry by name). Label
 * values come from short fixed lists (operations, kinds, reasons, services), never ids or text.
 */
type Labels = Readonly<Record<string, string>>;

class Counter {
  private readonly values = new Map<string, CountedValue>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' = 'counter',
  ) {
    // Never incremented yet: 0 without labels, so a dashboard finds the series from the start.
    registerCounted(name, help, type, () =>
      this.values.size ? [...this.values.values()] : [{ labels: {}, value: 0 }],
    );
  }

  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.values.set(key, { labels, value: (this.values.get(key)?.value ?? 0) + by });
  }

  set(value: number, labels: Labels = {}): void {
    this.values.set(labelKey(labels), { labels, value });
  }

  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels))?.value ?? 0;
  }

  total(): number {
    let sum = 0;
    for (const v of this.values.values()) sum += v.value;
    return sum;
  }

  reset(): void {
    this.values.clear();
  }
}

function labelKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}

const metrics = {
  calls: new Counter('ids_delivery_bot_calls_total', 'Bot Connector calls made by the delivery worker, by operation'),
  sent: new Counter('ids_delivery_sent_total', 'Proactive messages Teams accepted, by kind'),
  updated: new Counter('ids_delivery_updated_total', 'Sent cards updated after their post changed'),
  removed: new Counter('ids_delivery_removed_total', 'Sent cards deleted after their post was withdrawn'),
  failed: new Counter('ids_delivery_failed_total', 'Deliveries that will not arrive, by reason'),
  skipped: new Counter('ids_delivery_skipped_total', 'Deliveries no longer wanted (post withdrawn, person left)'),
  retried: new Counter(
    'ids_delivery_retries_total',
    'Transient failures (retried with backoff until the tries run out), by reason: the HTTP status (503, 412…), timeout, network',
  ),
  throttled: new Counter('ids_delivery_throttled_total', '429 answers received, by service (bot, graph)'),
  lateSlots: new Counter(
    'ids_delivery_late_slots_total',
    'Rate slots missed because the call woke too late (a new slot was taken instead)',
  ),
  recovered: new Counter(
    'ids_delivery_recovered_total',
    'Sends found in flight after their lease expired (possible duplicates)',
  ),
  conversationsCreated: new Counter(
    'ids_delivery_conversations_created_total',
    'Personal chats Ids opened itself, by how',
  ),
  leasesReleased: new Counter(
    'ids_delivery_leases_released_total',
    'Deliveries handed back at shutdown before their call, so another instance takes them at once',
  ),
  paused: new Counter(
    'ids_delivery_paused',
    '1 while deliveries wait because the bot credentials were refused (401)',
    'gauge',
  ),
};

export type DeliveryMetrics = typeof metrics;

export function deliveryMetrics(): DeliveryMetrics {
  return metrics;
}
