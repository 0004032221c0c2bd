import type { Readable } from 'node:stream';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { AuditEvent } from '../../models/audit.js';
import { ConversationRef, Delivery, PostReceipt } from '../../models/delivery.js';
import { EngagementEvent } from '../../models/engagement.js';
import { ActivityWeek } from '../../models/analytics.js';
import { Group } from '../../models/group.js';
import { Person } from '../../models/person.js';
import { Comment, Like, Post } from '../../models/post.js';
import type { Actor } from '../actor.js';
import { notFound } from '../errors.js';
import { t } from '../i18n.js';
import { mediaFiles, openFile } from '../media/store.js';

/**
 * GET /api/me/export (AVG art. 15 and 20): everything Ids holds about the person asking, as a
 * zip of JSON files (and their photo), readable by them and by another system. Only their own
 * records, selected by their own id: other people appear in it only as the ids of posts they
 * reacted to, never by name.
 */

export interface ExportOptions {
  retentionDays: number;
  now?: Date;
}

const MAX_PHOTO_BYTES = 30 * 1024 * 1024;

async function readAll(stream: Readable, limit: number): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('photo larger than expected');
    parts.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(parts));
}

const json = (value: unknown) => strToU8(`${JSON.stringify(value, null, 2)}\n`);
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The archive as bytes, with its file name. */
export async function exportPersonalData(
  actor: Actor,
  options: ExportOptions,
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const me = actor.personId;
  const person = await Person.findById(me).lean();
  if (!person || person.erasedAt) throw notFound({ key: 'error.person.notFound' });
  const [
    posts,
    comments,
    likes,
    receipts,
    deliveries,
    events,
    activeWeeks,
    contributedWeeks,
    groups,
    conversations,
    audit,
  ] = await Promise.all([
    Post.find({ authorId: me }).sort({ publishedAt: 1 }).lean(),
    Comment.find({ authorId: me }).sort({ createdAt: 1 }).lean(),
    Like.find({ personId: me }).sort({ createdAt: 1 }).lean(),
    PostReceipt.find({ personId: me }).lean(),
    Delivery.find(
      { personId: me },
      { kind: 1, postId: 1, status: 1, failure: 1, sentAt: 1, seenAt: 1, createdAt: 1, removedAt: 1 },
    ).lean(),
    EngagementEvent.find({ personId: me }, { kind: 1, postId: 1, at: 1 }).sort({ at: 1 }).lean(),
    ActivityWeek.find({ active: me }, { _id: 0, key: 1 }).sort({ key: 1 }).lean(),
    ActivityWeek.find({ contributed: me }, { _id: 0, key: 1 }).lean(),
    Group.find(
      { $or: [{ members: me }, { admins: me }, { followers: me }] },
      { name: 1, members: 1, admins: 1, followers: 1 },
    ).lean(),
    ConversationRef.find({ personId: me }, { kind: 1, channelId: 1, state: 1, createdAt: 1 }).lean(),
    AuditEvent.find({ $or: [{ actorId: me }, { personId: me }] }, { action: 1, at: 1, groupId: 1 }).lean(),
  ]);

  const files: Zippable = {};
  const now = options.now ?? new Date();
  files['README.txt'] = strToU8(
    `${t('nl', 'privacy.export.readme', { date: now.toISOString().slice(0, 10), days: options.retentionDays })}\r\n----\r\n\r\n${t(
      'en',
      'privacy.export.readme',
      { date: now.toISOString().slice(0, 10), days: options.retentionDays },
    )}`,
  );
  files['profile.json'] = json({
    id: person._id.toString(),
    email: person.email,
    displayName: person.displayName,
    givenName: person.givenName ?? null,
    surname: person.surname ?? null,
    jobTitle: person.jobTitle ?? null,
    department: person.department ?? null,
    officeLocation: person.officeLocation ?? null,
    businessPhone: person.businessPhone?.display ?? null,
    mobilePhone: person.mobilePhone?.display ?? null,
    mobileVisibility: person.mobileVisibility ?? null,
    skills: person.skills ?? [],
    bio: person.bio ?? null,
    roles: person.roles ?? [],
    managerId: person.managerId?.toString() ?? null,
    aadObjectId: person.aadObjectId ?? null,
    teamsUserId: person.teamsUserId ?? null,
    locale: person.locale ?? null,
    nudgesOptOut: !!person.nudgesOptOut,
    createdAt: iso(person.createdAt),
    updatedAt: iso(person.updatedAt),
  });
  if (person.photoId) {
    const file = await mediaFiles().findOne({ _id: person.photoId });
    const originalId = file?.metadata?.originalId ?? person.photoId;
    const original = await mediaFiles().findOne({ _id: originalId });
    if (original) {
      const ext = (original.metadata?.contentType ?? '').split('/')[1]?.replace('jpeg', 'jpg') || 'bin';
      files[`photo.${ext}`] = [await readAll(openFile(original._id), MAX_PHOTO_BYTES), { level: 0 }];
    }
  }
  files['posts.json'] = json(
    posts.map((p) => ({
      id: p._id.toString(),
      kind: p.kind,
      status: p.status,
      title: p.title ?? null,
      summary: p.summary ?? null,
      body: p.body,
      groupId: p.groupId?.toString() ?? null,
      attachments: (p.attachments ?? []).map((a) => ({ name: a.name, contentType: a.contentType, size: a.size })),
      publishedAt: iso(p.publishedAt),
      editedAt: iso(p.editedAt),
      deletedAt: iso(p.deletedAt),
    })),
  );
  files['comments.json'] = json(
    comments.map((c) => ({
      id: c._id.toString(),
      postId: c.postId.toString(),
      body: c.body,
      createdAt: iso(c.createdAt),
      editedAt: iso(c.editedAt),
      deletedAt: iso(c.deletedAt),
    })),
  );
  files['likes.json'] = json(likes.map((l) => ({ postId: l.postId.toString(), at: iso(l.createdAt) })));
  files['receipts.json'] = json(
    receipts.map((r) => ({
      postId: r.postId.toString(),
      readAt: iso(r.readAt),
      acknowledgedAt: iso(r.acknowledgedAt),
    })),
  );
  files['deliveries.json'] = json(
    deliveries.map((d) => ({
      kind: d.kind,
      postId: d.postId?.toString() ?? null,
      status: d.status,
      failure: d.failure ?? null,
      createdAt: iso(d.createdAt),
      sentAt: iso(d.sentAt),
      seenAt: iso(d.seenAt),
      removedAt: iso(d.removedAt),
    })),
  );
  files['events.json'] = json(
    events.map((e) => ({ kind: e.kind, postId: e.postId?.toString() ?? null, at: iso(e.at) })),
  );
  const contributedIn = new Set(contributedWeeks.map((w) => w.key));
  files['activity-weeks.json'] = json(
    activeWeeks.map((w) => ({ week: w.key, active: true, contributed: contributedIn.has(w.key) })),
  );
  files['groups.json'] = json(
    groups.map((g) => ({
      id: g._id.toString(),
      name: g.name,
      member: g.members.some((m) => m.equals(me)),
      admin: g.admins.some((m) => m.equals(me)),
      follower: g.followers.some((m) => m.equals(me)),
    })),
  );
  files['conversations.json'] = json(
    conversations.map((c) => ({ kind: c.kind, channel: c.channelId, state: c.state, since: iso(c.createdAt) })),
  );
  files['audit.json'] = json(
    audit.map((a) => ({ action: a.action, at: iso(a.at), groupId: a.groupId?.toString() ?? null })),
  );
  return { fileName: `ids-mijn-gegevens-${now.toISOString().slice(0, 10)}.zip`, bytes: zipSync(files, { level: 6 }) };
}
