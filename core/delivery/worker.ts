import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Logger } from 'pino';
import { ConversationRef, Delivery, type DeliveryFailure, type DeliveryOp } from '../../models/delivery.js';
import { Person } from '../../models/person.js';
import type { Locale } from '../i18n.js';
import { backoffMs, classifyFailure, type CallOutcome } from './classify.js';
import {
  lastPersonalConversationOf,
  markDead,
  personalConversationOf,
  saveConversation,
  serviceUrlFor,
} from './conversations.js';
import { InstallError, type AppInstaller } from './installer.js';
import type { ConversationAddress, Messenger, OutgoingMessage } from './messenger.js';
import { deliveryMetrics } from './metrics.js';
import { outboxSignal } from './outbox.js';
import { sleep, type Pacer } from './pacing.js';
import type { Rendered, RenderTarget, Renderers } from './render.js';

export interface WorkerOptions {
  /** Deliveries handled at once by this instance (each waits for its rate slot, then calls Teams). */
  readonly concurrency: number;
  /** How long a claim holds; an instance that dies releases its claims when they expire. */
  readonly leaseMs: number;
  /** Tries of one send, update or delete on transient failures (5xx, timeouts, 412) before giving up. */
  readonly maxAttempts: number;
  /**
   * How long one op may keep meeting 429s (from its first) before it is given up. A time, not a
   * count: Teams throttles the whole app, so a delivery can meet many 429s in a busy minute
   * (each one waited out) and still be wanted; a bound, so nothing retries forever.
   */
  readonly maxThrottledMs: number;
  /** How often the store is asked for due work when nothing told this instance about it. */
  readonly pollMs: number;
  /** How long everything waits after the Bot Connector refused the bot's credentials (401). */
  readonly authPauseMs: number;
  /** The first retry's backoff (doubling after each further try). */
  readonly retryBaseMs?: number;
  /** The organisation's tenant (for creating personal chats and choosing the Bot Connector endpoint). */
  readonly tenantId?: string;
  /** The Bot Connector endpoint when none was seen yet. */
  readonly defaultServiceUrl: string;
  readonly defaultLocale: Locale;
}

export interface WorkerDeps {
  readonly messenger: Messenger;
  readonly pacer: Pacer;
  readonly renderers: Renderers;
  readonly installer?: AppInstaller;
  readonly log: Logger;
  readonly options: WorkerOptions;
  /** Other periodic work run by the worker loop (publishing scheduled posts, making deliveries). */
  readonly jobs?: ReadonlyArray<{ readonly name: string; run(): Promise<unknown> }>;
  /** Names this instance in leases (default: random). */
  readonly instanceId?: string;
}

export interface DeliveryWorker {
  start(): void;
  /** Stops claiming, lets calls in flight finish (up to 10 s) and gives back what was not started. */
  stop(): Promise<void>;
  /** Look for work now (something was enqueued in this process). */
  kick(): void;
  /** Whether the worker waits because the bot's credentials were refused (401). */
  readonly paused: boolean;
}

type ClaimedDelivery = NonNullable<Awaited<ReturnType<typeof loadClaimed>>>[number];

function loadClaimed(token: string, ids: Types.ObjectId[]) {
  return Delivery.find({ _id: { $in: ids }, leaseOwner: token }).lean();
}

/** Stop, and put the delivery back to be done at `at` (a rate slot too far ahead, a pause, shutting down). */
class Deferred extends Error {
  constructor(readonly at: number) {
    super('deferred');
  }
}

/** The call failed in a way classifyFailure decided. */
class CallFailed extends Error {
  constructor(
    readonly outcome: CallOutcome,
    readonly conversationId: string | undefined,
    /** When the request left (ms since epoch). */
    readonly leftAt: number,
  ) {
    super(outcome.kind);
  }
}

/** The lease went to another instance (it expired while waiting): leave the delivery to it. */
class LeaseLost extends Error {}

const unsetWork = {
  queued: 1,
  op: 1,
  due: 1,
  leaseOwner: 1,
  leaseUntil: 1,
  sendingSince: 1,
  throttledSince: 1,
} as const;

/**
 * Drains the outbox. Any number of instances may run one: deliveries are claimed with a lease by
 * conditional update; each call into Teams first reserves its slot in the shared rate budget
 * (core/delivery/pacing.ts); failures are classified by Teams' error codes (classify.ts) and
 * retried, paced, recorded or, for 401, pause the whole worker.
 */
export function createDeliveryWorker(deps: WorkerDeps): DeliveryWorker {
  const { messenger, pacer, renderers, installer, log, options } = deps;
  const instance = deps.instanceId ?? randomBytes(6).toString('hex');
  const metrics = deliveryMetrics();
  let running = false;
  let stopping = false;
  let loop: Promise<void> | undefined;
  let inFlight = 0;
  let claims = 0;
  let pausedUntil = 0;
  let wake: (() => void) | undefined;
  let lastJobs = 0;
  const maxSlotWaitMs = Math.max(1_000, options.leaseMs / 3);

  const kick = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const onEnqueued = () => kick();
  const onFanout = () => {
    lastJobs = 0;
    kick();
  };

  async function runJobs(): Promise<void> {
    if (Date.now() - lastJobs < options.pollMs) return;
    lastJobs = Date.now();
    for (const job of deps.jobs ?? []) {
      try {
        await job.run();
      } catch (err) {
        log.warn({ err: (err as Error).message, job: job.name }, 'delivery job failed; retrying on the next tick');
      }
    }
  }

  async function claim(max: number): Promise<ClaimedDelivery[]> {
    const now = new Date();
    const free = { $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] };
    // No sort: the scan stops at the first `max` due ones (on MongoDB the {queued, due} index
    // yields them oldest due first; on localdb in the order they were queued).
    const candidates = await Delivery.find({ queued: true, due: { $lte: now }, ...free }, { _id: 1 })
      .limit(max)
      .lean();
    if (!candidates.length) return [];
    claims += 1;
    const token = `${instance}:${claims}`;
    const ids = candidates.map((c) => c._id);
    await Delivery.updateMany(
      { _id: { $in: ids }, queued: true, ...free },
      { $set: { leaseOwner: token, leaseUntil: new Date(now.getTime() + options.leaseMs) } },
    );
    const claimed = await loadClaimed(token, ids);
    // A send that was on its way when its instance died (or stalled past its lease) may have
    // reached Teams: sending it again may show it twice. Counted, so the report can say so.
    const recovered = claimed.filter((d) => d.sendingSince);
    for (const d of recovered) {
      await Delivery.updateOne({ _id: d._id }, { $inc: { uncertainSends: 1 }, $unset: { sendingSince: 1 } });
      metrics.recovered.inc();
    }
    return claimed;
  }

  async function call<T>(
    d: ClaimedDelivery,
    op: DeliveryOp | 'create',
    conversationId: string | undefined,
    fn: () => Promise<T>,
  ): Promise<T> {
    let at = await pacer.reserve(conversationId);
    if (at - Date.now() > maxSlotWaitMs) throw new Deferred(at);
    if (op === 'send') {
      // Renews the lease and marks the send as leaving (before the wait, so nothing but the
      // call itself lies between the slot and the request); a lost lease means another
      // instance has it now.
      const now = Date.now();
      const r = await Delivery.collection.updateOne(
        { _id: d._id, leaseOwner: d.leaseOwner },
        { $set: { sendingSince: new Date(now), leaseUntil: new Date(now + options.leaseMs) } },
      );
      if (r.modifiedCount !== 1) throw new LeaseLost();
    }
    for (;;) {
      await sleep(at - Date.now());
      // Asked again after each wait: other lanes that waited for the same moment may have left first.
      for (let wait = pacer.app.localWait(); wait > 0; wait = pacer.app.localWait()) await sleep(wait);
      if (pausedUntil > Date.now()) throw new Deferred(pausedUntil);
      if (stopping) throw new Deferred(Date.now());
      // Woken well after the slot (a busy event loop wakes several waiting calls at once): going
      // now would crowd the calls whose slots come next, so this one takes a new slot.
      if (Date.now() - at <= pacer.lateToleranceMs) break;
      metrics.lateSlots.inc();
      at = await pacer.app.take();
      if (at - Date.now() > maxSlotWaitMs) throw new Deferred(at);
    }
    const leftAt = Date.now();
    const answered = pacer.app.leaving(leftAt);
    metrics.calls.inc({ op });
    try {
      return await fn();
    } catch (err) {
      throw new CallFailed(classifyFailure(err, op), conversationId, leftAt);
    } finally {
      answered();
    }
  }

  async function settle(
    d: ClaimedDelivery,
    set: Record<string, unknown>,
    unset: Record<string, 1> = {},
    inc?: Record<string, number>,
  ) {
    const update = { $set: set, $unset: { ...unsetWork, ...unset }, ...(inc ? { $inc: inc } : {}) };
    await Delivery.collection.updateOne({ _id: d._id, leaseOwner: d.leaseOwner }, update);
  }

  /** Back into the outbox at `at`, without using up a try. */
  async function reschedule(
    d: ClaimedDelivery,
    at: number,
    extra: Record<string, unknown> = {},
    inc?: Record<string, number>,
  ) {
    await Delivery.updateOne(
      { _id: d._id, leaseOwner: d.leaseOwner },
      {
        $set: { due: new Date(at), ...extra },
        $unset: { leaseOwner: 1, leaseUntil: 1, sendingSince: 1 },
        ...(inc ? { $inc: inc } : {}),
      },
    );
  }

  async function fail(d: ClaimedDelivery, failure: DeliveryFailure, lastError: string, inc?: Record<string, number>) {
    metrics.failed.inc({ reason: failure });
    await settle(d, { status: 'failed', failure, lastError }, {}, inc);
  }

  async function skip(d: ClaimedDelivery, why: string) {
    metrics.skipped.inc();
    await settle(d, { status: 'skipped', lastError: why });
  }

  /** The person's personal chat: saved, else created through the Bot Connector, else by installing Ids through Graph. */
  async function personalAddress(
    d: ClaimedDelivery,
    person: { _id: Types.ObjectId; aadObjectId?: string | null; teamsUserId?: string | null },
    prefetched: Batch,
  ): Promise<{ address: ConversationAddress; userId?: string } | { failure: DeliveryFailure; reason: string }> {
    const saved = prefetched.refs.get(person._id.toString()) ?? (await personalConversationOf(person._id));
    if (saved) return { address: saved, ...(saved.teamsUserId ? { userId: saved.teamsUserId } : {}) };
    const last = await lastPersonalConversationOf(person._id);
    if (last) {
      // They removed Ids or blocked it: Ids does not put itself back.
      const failure = (last.stateReason?.split(':')[0] ?? 'bot_removed') as DeliveryFailure;
      return { failure: last.stateReason === 'uninstalled' ? 'bot_removed' : failure, reason: last.stateReason ?? '' };
    }
    const serviceUrl = await serviceUrlFor(options.tenantId, options.defaultServiceUrl);
    const userId = person.teamsUserId ?? person.aadObjectId ?? undefined;
    let reason = 'no_conversation';
    if (userId) {
      try {
        const { conversationId } = await call(d, 'create', undefined, () =>
          messenger.createPersonalConversation({
            serviceUrl,
            userId,
            ...(options.tenantId ? { tenantId: options.tenantId } : {}),
          }),
        );
        await saveConversation(
          {
            kind: 'personal',
            conversationId,
            serviceUrl,
            channelId: 'msteams',
            ...(options.tenantId ? { tenantId: options.tenantId } : {}),
            ...(person.teamsUserId
              ? { user: { teamsUserId: person.teamsUserId, aadObjectId: person.aadObjectId ?? undefined } }
              : {}),
          },
          person._id,
        );
        metrics.conversationsCreated.inc({ how: 'bot_connector' });
        return {
          address: { serviceUrl, conversationId },
          ...(person.teamsUserId ? { userId: person.teamsUserId } : {}),
        };
      } catch (err) {
        // Not installed for them (403/404) or refused: try installing. Anything else is handled as any failed call.
        if (!(err instanceof CallFailed) || (err.outcome.kind !== 'dead' && err.outcome.kind !== 'rejected')) throw err;
        reason = `create ${err.outcome.reason}`;
      }
    }
    if (installer && person.aadObjectId) {
      const { chatId } = await installer.installForUser(person.aadObjectId);
      await saveConversation(
        {
          kind: 'personal',
          conversationId: chatId,
          serviceUrl,
          channelId: 'msteams',
          ...(options.tenantId ? { tenantId: options.tenantId } : {}),
        },
        person._id,
      );
      metrics.conversationsCreated.inc({ how: 'graph' });
      return { address: { serviceUrl, conversationId: chatId } };
    }
    return { failure: 'not_installed', reason };
  }

  async function send(d: ClaimedDelivery, prefetched: Batch): Promise<void> {
    const renderer = renderers.get(d.kind);
    if (!renderer) {
      // Perhaps a newer instance knows this kind (a rolling upgrade): leave it for a while.
      await reschedule(d, Date.now() + 300_000, { lastError: 'unknown_kind' });
      return;
    }
    let target: RenderTarget;
    let address: ConversationAddress | undefined;
    let person: Awaited<ReturnType<typeof loadPerson>> | undefined;
    if (d.personId) {
      person = prefetched.persons.get(d.personId.toString()) ?? (await loadPerson(d.personId));
      if (!person?.active) return skip(d, 'inactive');
      const locale = person.locale === 'en' || person.locale === 'nl' ? person.locale : options.defaultLocale;
      target = { audience: 'personal', locale, person };
    } else if (d.conversationRefId) {
      const ref = await ConversationRef.findById(d.conversationRefId).lean();
      if (!ref) return skip(d, 'conversation_removed');
      if (ref.state !== 'active') return fail(d, 'bot_removed', ref.stateReason ?? ref.state);
      address = ref;
      target = { audience: 'channel', locale: options.defaultLocale };
    } else {
      return skip(d, 'no_recipient');
    }
    let rendered: Rendered = await renderer.render(d, target);
    if ('skip' in rendered) return skip(d, rendered.skip);
    if (person) {
      const found = await personalAddress(d, person, prefetched);
      if ('failure' in found) return fail(d, found.failure, found.reason);
      address = found.address;
      if (found.userId && !target.userId) {
        // Render again only when the card names its reader (the refresh of an acknowledgement card).
        target = { ...target, userId: found.userId };
        rendered = await renderer.render(d, target);
        if ('skip' in rendered) return skip(d, rendered.skip);
      }
    }
    const to = address!;
    const message: OutgoingMessage = rendered.message;
    const readAt = rendered.readAt ?? Date.now();
    const { activityId } = await call(d, 'send', to.conversationId, () => messenger.send(to, message));
    metrics.sent.inc({ kind: d.kind });
    await settleDone(
      d,
      {
        status: 'sent',
        activityId,
        conversationId: to.conversationId,
        serviceUrl: to.serviceUrl,
        sentAt: new Date(),
      },
      readAt,
    );
  }

  /**
   * Records a send or update that Teams accepted. When the subject changed after it was read for
   * this card (an edit or a withdrawal while it was on its way), the card is followed up at once.
   */
  async function settleDone(d: ClaimedDelivery, set: Record<string, unknown>, readAt: number): Promise<void> {
    const update = {
      $set: { ...set, renderedAt: new Date(readAt) },
      $unset: { ...unsetWork, failure: 1, lastError: 1 },
    };
    const returning = { returnDocument: 'after' as const, projection: { staleSince: 1, staleOp: 1 } };
    let doc = await Delivery.collection.findOneAndUpdate({ _id: d._id, leaseOwner: d.leaseOwner }, update, returning);
    // The lease ran out while Teams answered: what happened is recorded all the same.
    doc ??= await Delivery.collection.findOneAndUpdate(
      { _id: d._id, status: { $in: ['pending', 'sent'] } },
      update,
      returning,
    );
    const staleSince = doc?.staleSince as Date | undefined;
    if (!staleSince || staleSince.getTime() <= readAt) return;
    await Delivery.collection.updateOne(
      { _id: d._id, status: 'sent', queued: { $ne: true } },
      { $set: { queued: true, op: (doc?.staleOp as string | undefined) ?? 'update', due: new Date(), attempts: 0 } },
    );
    kick();
  }

  async function update(d: ClaimedDelivery): Promise<void> {
    const renderer = renderers.get(d.kind);
    if (!renderer || !d.activityId || !d.conversationId || !d.serviceUrl) return settle(d, {});
    const to: ConversationAddress = { serviceUrl: d.serviceUrl, conversationId: d.conversationId };
    let target: RenderTarget;
    if (d.personId) {
      const person = await loadPerson(d.personId);
      const locale = person?.locale === 'en' || person?.locale === 'nl' ? person.locale : options.defaultLocale;
      target = { audience: 'personal', locale, fresh: true, ...(person ? { person } : {}) };
    } else {
      target = { audience: 'channel', locale: options.defaultLocale, fresh: true };
    }
    const rendered = await renderer.render(d, target);
    if ('skip' in rendered) {
      // The subject is gone: the card goes too.
      await Delivery.updateOne({ _id: d._id, leaseOwner: d.leaseOwner }, { $set: { op: 'delete', due: new Date() } });
      return remove({ ...d, op: 'delete' });
    }
    const activityId = d.activityId;
    const readAt = rendered.readAt ?? Date.now();
    await call(d, 'update', to.conversationId, () => messenger.update(to, activityId, rendered.message));
    metrics.updated.inc();
    await settleDone(d, { cardUpdatedAt: new Date() }, readAt);
  }

  async function remove(d: ClaimedDelivery): Promise<void> {
    if (!d.activityId || !d.conversationId || !d.serviceUrl) return settle(d, { removedAt: new Date() });
    const to: ConversationAddress = { serviceUrl: d.serviceUrl, conversationId: d.conversationId };
    const activityId = d.activityId;
    await call(d, 'delete', to.conversationId, () => messenger.remove(to, activityId));
    metrics.removed.inc();
    await settle(d, { removedAt: new Date() });
  }

  async function onFailure(d: ClaimedDelivery, err: unknown): Promise<void> {
    const op = (d.op ?? 'send') as DeliveryOp;
    if (err instanceof LeaseLost) return;
    if (err instanceof Deferred) {
      if (stopping) metrics.leasesReleased.inc();
      return reschedule(d, err.at);
    }
    if (err instanceof InstallError) {
      if (err.kind === 'unavailable' || err.kind === 'no_user') return fail(d, 'not_installed', `graph ${err.code}`);
      if (err.kind === 'throttled') {
        metrics.throttled.inc({ service: 'graph' });
        return throttledLater(
          d,
          op,
          err.retryAfterMs ?? backoffMs(d.throttled + 1, Math.random, options.retryBaseMs),
          'graph 429',
        );
      }
      return retryLater(d, op, `graph ${err.code}`, false);
    }
    if (!(err instanceof CallFailed)) {
      log.error({ err, deliveryId: d._id.toString() }, 'delivery failed unexpectedly; retrying later');
      return retryLater(d, op, 'internal', false);
    }
    const { outcome } = err;
    switch (outcome.kind) {
      case 'throttled': {
        metrics.throttled.inc({ service: 'bot' });
        const wait = outcome.retryAfterMs ?? backoffMs(d.throttled + 1, Math.random, options.retryBaseMs);
        await pacer.app.throttled(Date.now() + wait, err.leftAt);
        return throttledLater(d, op, wait, '429');
      }
      case 'retry':
        return retryLater(d, op, outcome.reason, outcome.uncertain);
      case 'unauthorized': {
        const first = pausedUntil < Date.now();
        pausedUntil = Date.now() + options.authPauseMs;
        metrics.paused.set(1);
        if (first)
          log.error(
            { pauseMs: options.authPauseMs },
            'the Bot Connector refused the bot credentials (401): deliveries paused; check MicrosoftAppId/MicrosoftAppPassword',
          );
        return reschedule(d, pausedUntil, { lastError: '401' });
      }
      case 'dead':
        if (err.conversationId) await markDead(err.conversationId, outcome.failure, outcome.reason);
        if (op === 'send') return fail(d, outcome.failure, outcome.reason);
        return settle(d, { lastError: outcome.reason, ...(op === 'delete' ? { removedAt: new Date() } : {}) });
      case 'done':
        return settle(d, op === 'delete' ? { removedAt: new Date() } : { lastError: outcome.reason });
      case 'rejected':
        if (op === 'send') return fail(d, 'rejected', outcome.reason);
        return settle(d, { lastError: outcome.reason });
    }
  }

  /**
   * After a 429: back into the outbox once it has been waited out, however many 429s this
   * delivery met, unless it has been throttled for longer than `maxThrottledMs` since its first.
   */
  async function throttledLater(d: ClaimedDelivery, op: DeliveryOp, waitMs: number, lastError: string) {
    const now = Date.now();
    const since = d.throttledSince?.getTime() ?? now;
    if (now - since >= options.maxThrottledMs) {
      if (op === 'send') return fail(d, 'gave_up', lastError, { throttled: 1 });
      return settle(d, { lastError }, {}, { throttled: 1 });
    }
    return reschedule(d, now + waitMs, { lastError, throttledSince: new Date(since) }, { throttled: 1 });
  }

  async function retryLater(d: ClaimedDelivery, op: DeliveryOp, reason: string, uncertain: boolean) {
    const attempts = d.attempts + 1;
    // The status ('503', '412'), 'timeout', 'network', 'graph', 'error' or 'internal': never the text.
    metrics.retried.inc({ reason: reason.split(' ')[0] ?? reason });
    const inc = { attempts: 1, ...(uncertain ? { uncertainSends: 1 } : {}) };
    if (attempts >= options.maxAttempts) {
      if (op === 'send') {
        metrics.failed.inc({ reason: 'gave_up' });
        return settle(d, { status: 'failed', failure: 'gave_up', lastError: reason }, {}, inc);
      }
      return settle(d, { lastError: reason }, {}, inc);
    }
    return reschedule(
      d,
      Date.now() + backoffMs(attempts, Math.random, options.retryBaseMs),
      { lastError: reason },
      inc,
    );
  }

  async function process(d: ClaimedDelivery, prefetched: Batch): Promise<void> {
    try {
      if (d.op === 'send') await send(d, prefetched);
      else if (d.op === 'update') await update(d);
      else if (d.op === 'delete') await remove(d);
      else await settle(d, {});
    } catch (err) {
      try {
        await onFailure(d, err);
      } catch (inner) {
        // The store is unreachable: the lease expires and another pass picks it up.
        log.warn({ err: (inner as Error).message }, 'could not record a delivery outcome; its lease will expire');
      }
    }
  }

  async function run(): Promise<void> {
    while (running) {
      try {
        await runJobs();
        const now = Date.now();
        if (pausedUntil > now) {
          await idle(Math.min(options.pollMs, pausedUntil - now));
          continue;
        }
        if (pausedUntil) {
          pausedUntil = 0;
          metrics.paused.set(0);
          log.info('deliveries resumed');
        }
        const free = options.concurrency - inFlight;
        // Claim in batches (a quarter of the lanes at least): one query serves several deliveries.
        const batch = free >= Math.max(1, Math.floor(options.concurrency / 4)) ? await claim(free) : [];
        const prefetched = batch.length ? await prefetch(batch) : EMPTY_BATCH;
        for (const d of batch) {
          inFlight += 1;
          void process(d, prefetched).finally(() => {
            inFlight -= 1;
            kick();
          });
        }
        if (batch.length === 0) await idle(options.pollMs);
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'delivery worker: store error; retrying');
        await idle(options.pollMs);
      }
    }
  }

  function idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  return {
    start() {
      if (running) return;
      running = true;
      // A worker stopped and started again (a pause for maintenance) sends again.
      stopping = false;
      outboxSignal.on('enqueued', onEnqueued);
      outboxSignal.on('fanout', onFanout);
      loop = run();
    },
    async stop() {
      if (!running) return;
      running = false;
      stopping = true;
      outboxSignal.off('enqueued', onEnqueued);
      outboxSignal.off('fanout', onFanout);
      kick();
      await loop;
      const deadline = Date.now() + 10_000;
      while (inFlight > 0 && Date.now() < deadline) await sleep(20);
    },
    kick,
    get paused() {
      return pausedUntil > Date.now();
    },
  };
}

interface PersonLean {
  _id: Types.ObjectId;
  email: string;
  roles?: string[] | null;
  departmentId?: Types.ObjectId | null;
  locale?: string | null;
  active?: boolean | null;
  aadObjectId?: string | null;
  teamsUserId?: string | null;
}
type RefLean = NonNullable<Awaited<ReturnType<typeof personalConversationOf>>>;

/** What a claimed batch needs, loaded with one query each instead of one per delivery. */
interface Batch {
  readonly persons: ReadonlyMap<string, PersonLean>;
  readonly refs: ReadonlyMap<string, RefLean>;
}

const EMPTY_BATCH: Batch = { persons: new Map(), refs: new Map() };

async function prefetch(
  batch: ReadonlyArray<{ op?: string | null; personId?: Types.ObjectId | null }>,
): Promise<Batch> {
  const ids = batch.filter((d) => d.op === 'send' && d.personId).map((d) => d.personId!);
  if (!ids.length) return EMPTY_BATCH;
  const [persons, refs] = await Promise.all([
    Person.find({ _id: { $in: ids } }, PERSON_FIELDS).lean(),
    ConversationRef.find({ personId: { $in: ids }, kind: 'personal', state: 'active' })
      .sort({ updatedAt: 1 })
      .lean(),
  ]);
  // Sorted oldest first: the most recent chat of each person is the one kept.
  return {
    persons: new Map(persons.map((p) => [p._id.toString(), p as PersonLean])),
    refs: new Map(refs.map((r) => [r.personId!.toString(), r])),
  };
}

const PERSON_FIELDS = {
  email: 1,
  roles: 1,
  departmentId: 1,
  locale: 1,
  active: 1,
  aadObjectId: 1,
  teamsUserId: 1,
} as const;

function loadPerson(personId: Types.ObjectId): Promise<PersonLean | null> {
  return Person.findById(personId, PERSON_FIELDS).lean() as Promise<PersonLean | null>;
}
