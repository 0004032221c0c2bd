import { Types } from 'mongoose';
import { Department } from '../models/department.js';
import { Person } from '../models/person.js';
import { Group } from '../models/group.js';
import { Post, Comment, Like } from '../models/post.js';
import { ConversationRef, Delivery } from '../models/delivery.js';
import { EngagementEvent, Nudge } from '../models/engagement.js';
import { ActivityWeek, AnalyticsState, EngagementRollup, NewsReach } from '../models/analytics.js';
import { departmentKey } from '../models/department.js';
import { normalizePhone } from '../core/phones.js';
import { generateDemoOrganisation } from './organisation.js';
import { DEPARTMENTS } from './catalogue.js';
import { demoEngagement } from './engagement.js';
import type { DemoOrganisation, DemoPerson } from './types.js';

/** Whatever can log a line; a pino logger fits. */
export interface SeedLog {
  info(obj: object, msg?: string): void;
}

export interface SeedOptions {
  /** Wipe the app's collections first and seed whatever is there. Otherwise seed only an empty store. */
  reset?: boolean;
  log?: SeedLog;
  /** Defaults to the demo organisation "Gemeente Ids". */
  organisation?: DemoOrganisation;
  /** Stores a profile photo for a person whose demo profile has one; returns its file id. */
  storePhoto?: (person: DemoPerson) => Promise<Types.ObjectId | undefined>;
  /** The moment the demo's "minutes ago" count back from. */
  now?: Date;
  /**
   * Twelve weeks of engagement events (demo/engagement.ts), rolled up by the server's job into
   * the analytics report; the organisation's time zone places them on its days. Default: on.
   */
  engagement?: boolean;
  timeZone?: string;
}

export interface SeedResult {
  seeded: boolean;
  departments: number;
  people: number;
  groups: number;
  posts: number;
  comments: number;
  likes: number;
  /** Engagement events written (twelve weeks of use, for the analytics report). */
  events: number;
  ms: number;
}

/** Every collection the app owns; a reset empties them all so no delivery points at a deleted post. */
const APP_MODELS = [
  Department,
  Person,
  Group,
  Post,
  Comment,
  Like,
  Delivery,
  ConversationRef,
  Nudge,
  EngagementEvent,
  EngagementRollup,
  ActivityWeek,
  NewsReach,
  AnalyticsState,
];

const EMPTY = { departments: 0, people: 0, groups: 0, posts: 0, comments: 0, likes: 0, events: 0 };

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/**
 * Writes the demo organisation through the mongoose models (connect first). Without
 * `reset` it seeds only when the store holds no people, so it is safe on every start; two
 * instances starting together leave one copy (the loser hits the unique keys and stands down).
 */
export async function seedDemoOrganisation(options: SeedOptions = {}): Promise<SeedResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  await Promise.all(APP_MODELS.map((m) => m.init()));

  if (options.reset) {
    await Promise.all(APP_MODELS.map((m) => m.collection.deleteMany({})));
  } else if (await Person.findOne().select('_id').lean()) {
    options.log?.info({ seeded: false }, 'demo seed skipped: the store already has people');
    return { seeded: false, ...EMPTY, ms: elapsed() };
  }

  const org = options.organisation ?? generateDemoOrganisation();
  const now = (options.now ?? new Date()).getTime();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000);

  const departmentIds = new Map(org.departments.map((d) => [d.name, new Types.ObjectId()]));
  const personIds = new Map(org.people.map((p) => [p.email, new Types.ObjectId()]));
  const groupIds = new Map(org.groups.map((g) => [g.slug, new Types.ObjectId()]));
  const idOf = <K>(map: Map<K, Types.ObjectId>, key: K, what: string): Types.ObjectId => {
    const id = map.get(key);
    if (!id) throw new Error(`demo data refers to unknown ${what} ${String(key)}`);
    return id;
  };
  const person = (email: string) => idOf(personIds, email, 'person');

  const departments = org.departments.map((d) => ({
    _id: idOf(departmentIds, d.name, 'department'),
    name: d.name,
    key: departmentKey(d.name),
    ...(d.parent ? { parentId: idOf(departmentIds, d.parent, 'department') } : {}),
  }));

  const photos = new Map<string, Types.ObjectId>();
  if (options.storePhoto) {
    for (const p of org.people) {
      if (!p.hasPhoto) continue;
      const id = await options.storePhoto(p);
      if (id) photos.set(p.email, id);
    }
  }

  const people = org.people.map((p) => {
    const businessPhone = normalizePhone(p.businessPhone);
    const mobilePhone = normalizePhone(p.mobilePhone, { allowExtension: false });
    return {
      _id: person(p.email),
      email: p.email,
      displayName: p.displayName,
      givenName: p.givenName,
      surname: p.surname,
      jobTitle: p.jobTitle,
      departmentId: idOf(departmentIds, p.department, 'department'),
      department: p.department,
      officeLocation: p.officeLocation,
      ...(businessPhone ? { businessPhone } : {}),
      ...(mobilePhone ? { mobilePhone } : {}),
      mobileVisibility: p.mobileVisibility,
      skills: p.skills,
      ...(p.bio ? { bio: p.bio } : {}),
      ...(photos.has(p.email) ? { photoId: photos.get(p.email) } : {}),
      roles: p.roles,
      ...(p.managerEmail ? { managerId: person(p.managerEmail) } : {}),
      aadObjectId: p.aadObjectId,
      ...(p.locale ? { locale: p.locale } : {}),
    };
  });

  const groups = org.groups.map((g) => ({
    _id: idOf(groupIds, g.slug, 'group'),
    name: g.name,
    slug: g.slug,
    description: g.description,
    visibility: g.visibility,
    kind: g.kind,
    admins: g.adminEmails.map(person),
    members: g.memberEmails.map(person),
    createdBy: person(g.createdByEmail),
  }));

  const posts: object[] = [];
  const comments: object[] = [];
  const likes: object[] = [];
  for (const p of org.posts) {
    const postId = new Types.ObjectId();
    const publishedAt = at(p.minutesAgo);
    const commentIds = new Map(p.comments.map((c) => [c.key, new Types.ObjectId()]));
    for (const c of p.comments) {
      const createdAt = at(c.minutesAgo);
      comments.push({
        _id: idOf(commentIds, c.key, 'comment'),
        postId,
        authorId: person(c.authorEmail),
        ...(c.replyTo ? { parentId: idOf(commentIds, c.replyTo, 'comment') } : {}),
        body: c.body,
        createdAt,
        updatedAt: createdAt,
      });
    }
    p.likedBy.forEach((email, i) => {
      // Likes trickle in over the hours after publication.
      const createdAt = new Date(Math.min(now, publishedAt.getTime() + (i + 1) * 7 * 60_000));
      likes.push({ postId, personId: person(email), createdAt });
    });
    const firstAnswer = p.comments
      .filter((c) => c.authorEmail !== p.authorEmail)
      .sort((a, b) => b.minutesAgo - a.minutesAgo)[0];
    posts.push({
      _id: postId,
      kind: p.kind,
      status: 'published',
      authorId: person(p.authorEmail),
      ...(p.groupSlug ? { groupId: idOf(groupIds, p.groupSlug, 'group') } : {}),
      ...(p.title ? { title: p.title } : {}),
      ...(p.summary ? { summary: p.summary } : {}),
      body: p.body,
      audience: {
        organisation: p.audience.organisation ?? false,
        departmentIds: (p.audience.departments ?? []).map((d) => idOf(departmentIds, d, 'department')),
        locations: p.audience.locations ?? [],
        roles: p.audience.roles ?? [],
        groupIds: (p.audience.groups ?? []).map((g) => idOf(groupIds, g, 'group')),
      },
      important: p.important,
      requiresAck: p.requiresAck,
      pinned: p.pinned,
      likeCount: p.likedBy.length,
      commentCount: p.comments.length,
      ...(p.answer
        ? {
            answer: {
              commentId: idOf(commentIds, p.answer.commentKey, 'comment'),
              markedBy: person(p.answer.markedByEmail),
              at: at(p.comments.find((c) => c.key === p.answer!.commentKey)!.minutesAgo - 5),
            },
          }
        : {}),
      ...(p.kind === 'question' && firstAnswer ? { firstAnswerAt: at(firstAnswer.minutesAgo) } : {}),
      publishedAt,
      createdAt: publishedAt,
      updatedAt: publishedAt,
    });
  }

  try {
    await Department.insertMany(departments);
    await Person.insertMany(people);
    await Group.insertMany(groups);
    await Post.insertMany(posts);
    await Comment.insertMany(comments);
    await Like.insertMany(likes);
  } catch (err) {
    if (!options.reset && isDuplicateKey(err)) {
      options.log?.info({ seeded: false }, 'demo seed skipped: another process seeded the store');
      return { seeded: false, ...EMPTY, ms: elapsed() };
    }
    throw err;
  }

  let events = 0;
  if (options.engagement !== false) {
    const field = new Set(DEPARTMENTS.filter((d) => d.field).map((d) => d.name));
    const all = demoEngagement(
      org.people.map((p) => ({
        id: person(p.email),
        departmentId: idOf(departmentIds, p.department, 'department'),
        field: field.has(p.department),
      })),
      new Date(now),
      options.timeZone ?? 'Europe/Amsterdam',
    );
    for (let i = 0; i < all.length; i += 5000)
      await EngagementEvent.insertMany(all.slice(i, i + 5000), { ordered: false, lean: true });
    events = all.length;
  }

  const result: SeedResult = {
    seeded: true,
    departments: departments.length,
    people: people.length,
    groups: groups.length,
    posts: posts.length,
    comments: comments.length,
    likes: likes.length,
    events,
    ms: elapsed(),
  };
  options.log?.info(result, 'demo organisation seeded');
  return result;
}
