import type { Types } from 'mongoose';
import type { Logger } from 'pino';
import { Campaign } from '../../models/nudge.js';
import { Department } from '../../models/department.js';
import { Person } from '../../models/person.js';
import type { Actor } from '../actor.js';
import { AppError, notFound } from '../errors.js';
import { enqueueMany, type EnqueueRequest } from '../delivery/outbox.js';
import { enforce } from '../policies/decision.js';
import { manageCampaign } from '../policies/completeness.js';
import type { CompletenessRules } from './completeness.js';
import { tallyByDepartment } from './leaderboard.js';

/**
 * The department challenge. A communicator starts a campaign; while it runs, every department
 * whose active members all have a complete profile is reported to the communication team (people
 * with the communicator role) with a card, once per department per campaign; a communicator ends it.
 */

export interface CampaignView {
  readonly id: string;
  readonly name: string | null;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly running: boolean;
  readonly completed: ReadonlyArray<{
    readonly departmentId: string;
    readonly name: string | null;
    readonly at: string;
  }>;
}

async function present(doc: {
  _id: Types.ObjectId;
  name?: string | null;
  startedAt: Date;
  endedAt?: Date | null;
  running?: string | null;
  completed?: ReadonlyArray<{ departmentId?: Types.ObjectId | null; at?: Date | null }> | null;
}): Promise<CampaignView> {
  const ids = (doc.completed ?? []).map((c) => c.departmentId).filter((d): d is Types.ObjectId => Boolean(d));
  const names = new Map(
    (await Department.find({ _id: { $in: ids } }, { name: 1 }).lean()).map((d) => [d._id.toString(), d.name]),
  );
  return {
    id: doc._id.toString(),
    name: doc.name ?? null,
    startedAt: doc.startedAt.toISOString(),
    endedAt: doc.endedAt?.toISOString() ?? null,
    running: doc.running === 'yes',
    completed: (doc.completed ?? []).map((c) => ({
      departmentId: c.departmentId?.toString() ?? '',
      name: names.get(c.departmentId?.toString() ?? '') ?? null,
      at: c.at?.toISOString() ?? '',
    })),
  };
}

/** The running campaign and the last ones that ended. */
export async function listCampaigns(): Promise<{ running: CampaignView | null; past: CampaignView[] }> {
  const docs = await Campaign.find({}).sort({ startedAt: -1 }).limit(11).lean();
  const views = await Promise.all(docs.map(present));
  return { running: views.find((c) => c.running) ?? null, past: views.filter((c) => !c.running).slice(0, 10) };
}

export async function startCampaign(actor: Actor, input: { name?: string }, now = new Date()): Promise<CampaignView> {
  enforce(manageCampaign(actor), () => notFound());
  try {
    const doc = await Campaign.create({
      ...(input.name?.trim() ? { name: input.name.trim().slice(0, 120) } : {}),
      startedAt: now,
      startedBy: actor.personId,
      running: 'yes',
    });
    return present(doc.toObject());
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw new AppError('conflict', { key: 'campaign.running' }, 409);
    throw err;
  }
}

export async function endCampaign(actor: Actor, now = new Date()): Promise<CampaignView> {
  enforce(manageCampaign(actor), () => notFound());
  const doc = await Campaign.findOneAndUpdate(
    { running: 'yes' },
    { $set: { endedAt: now, endedBy: actor.personId }, $unset: { running: 1 } },
    { returnDocument: 'after' },
  ).lean();
  if (!doc) throw new AppError('conflict', { key: 'campaign.none' }, 409);
  return present(doc);
}

/** What a challenge delivery carries; the card is written in each communicator's language when sent. */
export interface ChallengePayload {
  readonly departmentId: string;
  readonly campaignId: string;
  readonly people: number;
}

/**
 * Reports the departments that became complete during the running campaign: one card per
 * communicator per department per campaign. Idempotent: the deliveries are keyed by department,
 * communicator and campaign, and a department is recorded as reported only after its cards are in
 * the outbox, so a crash in between is made good by the next run, never doubled.
 */
export async function reportCompleteDepartments(
  deps: { rules?: CompletenessRules; log?: Logger },
  now = new Date(),
): Promise<{ reported: string[] }> {
  const campaign = await Campaign.findOne({ running: 'yes' }, { completed: 1 }).lean();
  if (!campaign) return { reported: [] };
  const done = new Set((campaign.completed ?? []).map((c) => c.departmentId?.toString()));
  const { byDepartment } = await tallyByDepartment(deps.rules);
  const complete = [...byDepartment].filter(([id, t]) => !done.has(id) && t.people > 0 && t.complete === t.people);
  if (!complete.length) return { reported: [] };
  const communicators = await Person.find({ active: true, roles: 'communicator' }, { _id: 1 }).lean();
  const reported: string[] = [];
  for (const [departmentId, tally] of complete) {
    const payload: ChallengePayload = { departmentId, campaignId: campaign._id.toString(), people: tally.people };
    const requests: EnqueueRequest[] = communicators.map((c) => ({
      kind: 'challenge',
      subject: `department:${departmentId}`,
      period: `campaign:${campaign._id.toString()}`,
      recipient: { personId: c._id },
      payload: { ...payload },
    }));
    await enqueueMany(requests);
    const r = await Campaign.updateOne(
      { _id: campaign._id, 'completed.departmentId': { $ne: departmentId } },
      { $push: { completed: { departmentId, at: now } } },
    );
    if (r.modifiedCount > 0) reported.push(departmentId);
  }
  if (reported.length)
    deps.log?.info({ departments: reported.length }, 'complete departments reported to communicators');
  return { reported };
}
