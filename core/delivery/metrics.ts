/**
 * The delivery worker's counters, per process, in Prometheus' text format (served by GET
 * /metrics where the server exposes it) and as plain numbers for logs, tests and benches.
 * Kept dependency-free: a handful of labelled counters and one gauge.
 */
type Labels = Readonly<Record<string, string>>;

class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' = 'counter',
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  set(value: number, labels: Labels = {}): void {
    this.values.set(labelKey(labels), value);
  }

  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels)) ?? 0;
  }

  total(): number {
    let sum = 0;
    for (const v of this.values.values()) sum += v;
    return sum;
  }

  reset(): void {
    this.values.clear();
  }

  text(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const [key, v] of this.values) lines.push(`${this.name}${key} ${v}`);
    return lines.join('\n');
  }
}

function labelKey(labels: Labels): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',')}}`;
}

const metrics = {
  calls: new Counter('ids_delivery_bot_calls_total', 'Bot Connector calls made by the delivery worker, by operation'),
  sent: new Counter('ids_delivery_sent_total', 'Proactive messages Teams accepted, by kind'),
  updated: new Counter('ids_delivery_updated_total', 'Sent cards updated after their post changed'),
  removed: new Counter('ids_delivery_removed_total', 'Sent cards deleted after their post was withdrawn'),
  failed: new Counter('ids_delivery_failed_total', 'Deliveries that will not arrive, by reason'),
  skipped: new Counter('ids_delivery_skipped_total', 'Deliveries no longer wanted (post withdrawn, person left)'),
  retried: new Counter('ids_delivery_retries_total', 'Transient failures (5xx, timeouts, 412) retried with backoff'),
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

/** Every delivery metric in Prometheus' text exposition format. */
export function deliveryMetricsText(): string {
  return `${Object.values(metrics)
    .map((m) => m.text())
    .join('\n')}\n`;
}
