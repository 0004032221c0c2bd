import { Delivery, PostReceipt, type DeliveryFailure } from '../../models/delivery.js';
import { Department } from '../../models/department.js';
import { Person } from '../../models/person.js';
import { Post } from '../../models/post.js';
import type { Actor } from '../actor.js';
import { t, type Locale } from '../i18n.js';
import { viewDelivery } from '../policies/delivery.js';
import { enforce } from '../policies/decision.js';
import { getPost, postNotFound } from '../posts/posts.js';
import { audienceOf } from './fanout.js';
import { retryFailedDeliveries } from './outbox.js';

/** Departments with fewer recipients than this are folded into "other" (no small groups singled out). */
export const MIN_GROUP = 5;
/** At most this many names in the list of people who have not acknowledged yet. */
export const MAX_NAMES = 2_000;

export interface DeliveryFigures {
  /** People the post was addressed to (one delivery each when it was sent as cards). */
  audience: number;
  /** Teams accepted the card. */
  sent: number;
  /** Still on its way (waiting for its turn, or for a retry). */
  pending: number;
  /** Will not arrive, for a reason other than "not installed" (see failedByReason). */
  failed: number;
  /** No chat with Ids and no way to open one. */
  notInstalled: number;
  /** No longer wanted: the person left, or may no longer read the post. */
  skipped: number;
  /** The card was shown (a read receipt, or Teams refreshing it): a lower bound, as people and policies can switch receipts off. */
  seen: number;
  /** Opened the post in Ids. */
  read: number;
  /** Acknowledged the post (posts that require it). */
  acknowledged: number;
}

export interface DepartmentFigures extends DeliveryFigures {
  /** null for "other": departments with fewer than 5 recipients, and people without a department. */
  id: string | null;
  name: string | null;
}

export interface DeliveryReport {
  postId: string;
  title: string | null;
  status: string;
  notify: boolean;
  requiresAck: boolean;
  publishedAt: string | null;
  publishAt: string | null;
  totals: DeliveryFigures & {
    failedByReason: Partial<Record<DeliveryFailure, number>>;
    /** Sends that may have reached Teams twice (an answer lost to a timeout or 5xx, or a crash mid-send). */
    possibleDuplicates: number;
  };
  /** Team channels that follow the post's departments. */
  channels: { total: number; sent: number; pending: number; failed: number };
  departments: DepartmentFigures[];
  /** Posts that require acknowledgement: who has not acknowledged yet (author and communicators only). */
  notAcknowledged?: Array<{ id: string; displayName: string; department: string | null }>;
  notAcknowledgedTruncated?: boolean;
  /** "seen" counts only what Teams reported: read receipts can be switched off. */
  seenIsLowerBound: true;
  generatedAt: string;
}

const zero = (): DeliveryFigures => ({
  audience: 0,
  sent: 0,
  pending: 0,
  failed: 0,
  notInstalled: 0,
  skipped: 0,
  seen: 0,
  read: 0,
  acknowledged: 0,
});

interface Recipient {
  personId: string;
  departmentId: string | null;
  status?: string;
  failure?: string | null;
  seen?: boolean;
  uncertain?: number;
}

async function reportablePost(actor: Actor, postId: string) {
  const { post } = await getPost(actor, postId);
  enforce(viewDelivery(actor, post), postNotFound);
  return post;
}

type ReportPost = Awaited<ReturnType<typeof reportablePost>>;

/** Who the figures are about: each person's delivery, or (no cards sent) the audience as it is now. */
async function recipientsOf(post: ReportPost) {
  const deliveries = await Delivery.find(
    { postId: post._id, kind: 'news' },
    { personId: 1, conversationRefId: 1, departmentId: 1, status: 1, failure: 1, seenAt: 1, uncertainSends: 1 },
  ).lean();
  const people: Recipient[] = [];
  const channels = { total: 0, sent: 0, pending: 0, failed: 0 };
  for (const d of deliveries) {
    if (d.personId) {
      people.push({
        personId: d.personId.toString(),
        departmentId: d.departmentId?.toString() ?? null,
        status: d.status ?? 'pending',
        failure: d.failure ?? null,
        seen: !!d.seenAt,
        uncertain: d.uncertainSends ?? 0,
      });
    } else if (d.conversationRefId) {
      channels.total += 1;
      if (d.status === 'sent') channels.sent += 1;
      else if (d.status === 'pending') channels.pending += 1;
      else if (d.status === 'failed') channels.failed += 1;
    }
  }
  if (!post.notify && people.length === 0 && post.status === 'published') {
    for (const p of await audienceOf(post))
      people.push({ personId: p._id.toString(), departmentId: p.departmentId?.toString() ?? null });
  }
  return { people, channels };
}

function count(
  figures: DeliveryFigures,
  r: Recipient,
  receipt: { readAt?: Date | null; acknowledgedAt?: Date | null } | undefined,
) {
  figures.audience += 1;
  if (r.status === 'sent') figures.sent += 1;
  else if (r.status === 'pending') figures.pending += 1;
  else if (r.status === 'skipped') figures.skipped += 1;
  else if (r.status === 'failed') {
    if (r.failure === 'not_installed') figures.notInstalled += 1;
    else figures.failed += 1;
  }
  if (r.seen) figures.seen += 1;
  if (receipt?.readAt) figures.read += 1;
  if (receipt?.acknowledgedAt) figures.acknowledged += 1;
}

/** The figures of one post, totals and per department, for its author and the communication team. */
export async function deliveryReport(actor: Actor, postId: string): Promise<DeliveryReport> {
  const post = await reportablePost(actor, postId);
  const { people, channels } = await recipientsOf(post);
  const receipts = await PostReceipt.find({ postId: post._id }, { personId: 1, readAt: 1, acknowledgedAt: 1 }).lean();
  const receiptOf = new Map(receipts.map((r) => [r.personId.toString(), r]));

  const totals = { ...zero(), failedByReason: {} as Partial<Record<DeliveryFailure, number>>, possibleDuplicates: 0 };
  const byDepartment = new Map<string | null, DeliveryFigures>();
  for (const r of people) {
    const receipt = receiptOf.get(r.personId);
    count(totals, r, receipt);
    if (r.status === 'failed' && r.failure && r.failure !== 'not_installed') {
      const reason = r.failure as DeliveryFailure;
      totals.failedByReason[reason] = (totals.failedByReason[reason] ?? 0) + 1;
    }
    totals.possibleDuplicates += r.uncertain ?? 0;
    let figures = byDepartment.get(r.departmentId);
    if (!figures) byDepartment.set(r.departmentId, (figures = zero()));
    count(figures, r, receipt);
  }

  const departmentIds = [...byDepartment.keys()].filter((k): k is string => k !== null);
  const names = new Map(
    (await Department.find({ _id: { $in: departmentIds } }, { name: 1 }).lean()).map((d) => [d._id.toString(), d.name]),
  );
  const departments: DepartmentFigures[] = [];
  const other = zero();
  for (const [id, figures] of byDepartment) {
    if (id === null || figures.audience < MIN_GROUP || !names.has(id)) {
      for (const k of Object.keys(other) as Array<keyof DeliveryFigures>) other[k] += figures[k];
    } else {
      departments.push({ id, name: names.get(id)!, ...figures });
    }
  }
  departments.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '', 'nl'));
  if (other.audience > 0) departments.push({ id: null, name: null, ...other });

  const report: DeliveryReport = {
    postId: post._id.toString(),
    title: post.title ?? null,
    status: post.status ?? 'published',
    notify: !!post.notify,
    requiresAck: !!post.requiresAck,
    publishedAt: post.status === 'published' && post.publishedAt ? post.publishedAt.toISOString() : null,
    publishAt: post.publishAt ? post.publishAt.toISOString() : null,
    totals,
    channels,
    departments,
    seenIsLowerBound: true,
    generatedAt: new Date().toISOString(),
  };
  if (post.requiresAck) {
    const missing = people.filter((r) => !receiptOf.get(r.personId)?.acknowledgedAt && r.status !== 'skipped');
    const shown = missing.slice(0, MAX_NAMES);
    // Someone who left the organisation since their card went out can no longer acknowledge.
    const persons = await Person.find(
      { _id: { $in: shown.map((r) => r.personId) }, active: true },
      { displayName: 1, department: 1 },
    ).lean();
    report.notAcknowledged = persons
      .map((p) => ({ id: p._id.toString(), displayName: p.displayName, department: p.department ?? null }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName, 'nl'));
    report.notAcknowledgedTruncated = missing.length > MAX_NAMES;
  }
  return report;
}

/** Failed deliveries of the post go out again (someone installed Ids since, Teams recovered…). */
export async function retryDeliveries(actor: Actor, postId: string): Promise<{ retried: number }> {
  const post = await reportablePost(actor, postId);
  return { retried: await retryFailedDeliveries(post._id) };
}

/** The report as a CSV table per department (semicolons and a BOM, as Dutch Excel opens it). */
export function reportCsv(report: DeliveryReport, locale: Locale): string {
  const header =
    locale === 'nl'
      ? [
          'afdeling',
          'ontvangers',
          'bezorgd',
          'onderweg',
          'niet bezorgd',
          'niet geïnstalleerd',
          'overgeslagen',
          'gezien (minstens)',
          'geopend',
          'bevestigd',
        ]
      : [
          'department',
          'recipients',
          'delivered',
          'pending',
          'failed',
          'not installed',
          'skipped',
          'seen (at least)',
          'opened',
          'acknowledged',
        ];
  const row = (name: string, f: DeliveryFigures) => [
    name,
    f.audience,
    f.sent,
    f.pending,
    f.failed,
    f.notInstalled,
    f.skipped,
    f.seen,
    f.read,
    f.acknowledged,
  ];
  const rows: Array<Array<string | number>> = [header];
  for (const d of report.departments) rows.push(row(d.name ?? t(locale, 'report.other'), d));
  rows.push(row(t(locale, 'report.total'), report.totals));
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

/** Who has not acknowledged yet, as CSV. */
export function notAcknowledgedCsv(report: DeliveryReport, locale: Locale): string {
  const header = locale === 'nl' ? ['naam', 'afdeling'] : ['name', 'department'];
  const rows: string[][] = [header, ...(report.notAcknowledged ?? []).map((p) => [p.displayName, p.department ?? ''])];
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

export function csvCell(value: string | number): string {
  let s = String(value);
  // A cell that starts like a formula is not run by a spreadsheet.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface PostStatusLine {
  id: string;
  title: string;
  status: string;
  publishAt: Date | null;
  requiresAck: boolean;
  figures: DeliveryFigures;
}

/** The asker's own recent news sent as cards (or scheduled), with their figures: for the bot's "status van mijn bericht". */
export async function myRecentPostStatus(actor: Actor, limit = 5): Promise<PostStatusLine[]> {
  const posts = await Post.find(
    {
      authorId: actor.personId,
      kind: { $in: ['news', 'department'] },
      deletedAt: null,
      $or: [{ notify: true }, { requiresAck: true }],
    },
    { title: 1, status: 1, publishAt: 1, requiresAck: 1, notify: 1, publishedAt: 1 },
  )
    .sort({ publishedAt: -1, _id: -1 })
    .limit(limit)
    .lean();
  const lines: PostStatusLine[] = [];
  for (const post of posts) {
    const report = await deliveryReport(actor, post._id.toString());
    lines.push({
      id: post._id.toString(),
      title: post.title ?? '',
      status: post.status ?? 'published',
      publishAt: post.publishAt ?? null,
      requiresAck: !!post.requiresAck,
      figures: report.totals,
    });
  }
  return lines;
}
