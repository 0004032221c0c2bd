import client from 'prom-client';

/**
 * The process's metrics, exposed by GET /metrics in Prometheus' text format (server/metrics.ts).
 * Core and bot code count through the small interfaces below; prom-client stays in this file.
 * Every metric is named here, so the whole set is in one place, except the delivery worker's
 * counters: core/delivery/metrics.ts names those and hands them to this registry
 * (registerCounted). Labels take only values from short fixed lists (route patterns, kinds,
 * reasons), never ids, names or text.
 */
export const registry = new client.Registry();

export interface Counter<L extends string = never> {
  inc(labels?: Partial<Record<L, string>>, by?: number): void;
}
export interface Gauge<L extends string = never> {
  set(value: number, labels?: Partial<Record<L, string>>): void;
  /** Forgets every labelled value (before setting this scrape's). */
  reset(): void;
}
export interface Histogram<L extends string = never> {
  observe(seconds: number, labels?: Partial<Record<L, string>>): void;
}

function counter<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  const c = new client.Counter({ name, help, labelNames: [...labelNames], registers: [registry] });
  return { inc: (labels = {}, by = 1) => c.inc(labels as client.LabelValues<L>, by) };
}

function gauge<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
  const g = new client.Gauge({ name, help, labelNames: [...labelNames], registers: [registry] });
  return {
    set: (value, labels = {}) => g.set(labels as client.LabelValues<L>, value),
    reset: () => g.reset(),
  };
}

function histogram<L extends string = never>(
  name: string,
  help: string,
  labelNames: readonly L[],
  buckets: number[],
): Histogram<L> {
  const h = new client.Histogram({ name, help, labelNames: [...labelNames], buckets, registers: [registry] });
  return { observe: (seconds, labels = {}) => h.observe(labels as client.LabelValues<L>, seconds) };
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

export const metrics = {
  // --- HTTP (server/metrics.ts) ---
  httpRequests: counter('ids_http_requests_total', 'HTTP requests answered, by route pattern, method and status', [
    'route',
    'method',
    'status',
  ] as const),
  httpDuration: histogram(
    'ids_http_request_duration_seconds',
    'Time to answer HTTP requests, by route pattern, method and status',
    ['route', 'method', 'status'] as const,
    LATENCY_BUCKETS,
  ),
  rateLimited: counter('ids_rate_limited_total', 'Requests refused with 429 by the rate limits, by limit', [
    'limit',
  ] as const),

  // --- Bot (bot/index.ts) ---
  botTurns: counter('ids_bot_turns_total', 'Bot activities handled, by kind and outcome (ok, error)', [
    'kind',
    'outcome',
  ] as const),
  botTurnDuration: histogram(
    'ids_bot_turn_duration_seconds',
    'Time to handle a bot activity, by kind',
    ['kind'] as const,
    LATENCY_BUCKETS,
  ),

  // --- Deliveries: the outbox here; the worker's counters in core/delivery/metrics.ts ---
  outbox: gauge('ids_outbox_deliveries', 'Deliveries in the outbox, by status (read from the store at scrape)', [
    'status',
  ] as const),

  // --- Directory ---
  directoryPeople: gauge('ids_directory_people', 'People in this instance’s search index'),
  syncRuns: counter(
    'ids_directory_sync_runs_total',
    'Directory syncs, by source (store, entra) and result (ok, failed; locked: another instance was running it)',
    ['source', 'result'] as const,
  ),
  syncChanges: counter(
    'ids_directory_sync_changes_total',
    'People a directory sync changed, by source and change (store: changed, dropped; entra: added, updated, deactivated, reactivated, failed)',
    ['source', 'change'] as const,
  ),

  // --- Store ---
  storeCommands: histogram(
    'ids_store_command_duration_seconds',
    'Round trip of commands to the store (MongoDB or localdb), by command',
    ['command'] as const,
    STORE_BUCKETS,
  ),
  storeCommandFailures: counter('ids_store_command_failures_total', 'Store commands that failed, by command', [
    'command',
  ] as const),
  storeUp: gauge('ids_store_up', '1 when the store answered a ping at the last scrape'),
  storePing: gauge('ids_store_ping_seconds', 'Round trip of a ping to the store at the last scrape'),

  // --- Instances, jobs ---
  instances: gauge('ids_instances', 'Ids instances seen on this store in the last 30 s'),
  ready: gauge('ids_ready', '1 when this instance is ready to serve (as /healthz)'),
  jobRuns: counter('ids_job_runs_total', 'Scheduled jobs run by this instance, by job and result', [
    'job',
    'result',
  ] as const),
};

export type Metrics = typeof metrics;

/** One labelled value of a metric counted outside prom-client. */
export interface CountedValue {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/**
 * Serves a metric that is counted elsewhere (core/delivery/metrics.ts keeps its own tallies,
 * read by tests and benches too): at each scrape `read` gives its values, with whatever labels
 * they carry.
 */
export function registerCounted(
  name: string,
  help: string,
  type: 'counter' | 'gauge',
  read: () => readonly CountedValue[],
): void {
  const metric = {
    name,
    help,
    type,
    aggregator: 'sum',
    get: async () => ({ name, help, type, aggregator: 'sum', values: read().map((v) => ({ ...v })) }),
    reset: () => undefined,
  };
  registry.registerMetric(metric as unknown as client.Metric);
}

/** Work done just before each scrape (gauges read from the store, the index, the instance list). */
type Collector = () => Promise<void> | void;
const collectors = new Set<Collector>();

/** Adds a collector; returns the function that removes it (on stop). */
export function onScrape(collect: Collector): () => void {
  collectors.add(collect);
  return () => collectors.delete(collect);
}

/** Every metric in Prometheus' text format, after the collectors ran (each bounded by timeoutMs). */
export async function scrape(timeoutMs = 2_000): Promise<string> {
  await Promise.all(
    [...collectors].map((collect) => {
      let timer: NodeJS.Timeout | undefined;
      const bounded = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      return Promise.race([Promise.resolve().then(collect), bounded])
        .catch(() => undefined)
        .finally(() => clearTimeout(timer));
    }),
  );
  return registry.metrics();
}

export const METRICS_CONTENT_TYPE = registry.contentType;

let defaultsCollected = false;
/** Node's own (memory, event loop lag, GC, handles); once per process. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  client.collectDefaultMetrics({ register: registry });
}
