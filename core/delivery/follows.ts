import type { Types } from 'mongoose';
import { ConversationRef } from '../../models/delivery.js';
import { Department, departmentKey } from '../../models/department.js';
import { Person } from '../../models/person.js';
import { distance } from '../directory/levenshtein.js';
import type { Actor } from '../actor.js';
import { forbidden, notFound } from '../errors.js';
import { saveConversation, type SeenConversation } from './conversations.js';
import type { Messenger } from './messenger.js';
import { sleep, type Pacer } from './pacing.js';

/**
 * Team channels that follow a department's news get a card for each of its news posts sent as
 * cards (one per channel; acknowledging happens in the tab, as a channel card serves many).
 */
export type FollowResult =
  | { readonly result: 'followed' | 'already' | 'unfollowed' | 'notFollowing'; readonly department: string }
  | { readonly result: 'unknownDepartment'; readonly name: string; readonly suggestions: readonly string[] };

async function departmentNamed(name: string) {
  return Department.findOne({ key: departmentKey(name) }, { name: 1 }).lean();
}

/**
 * Departments the person may have meant: a typo ("Burgerzaak") or a word of a longer name
 * ("groen" for "Openbare ruimte en groen"). At most three, closest first.
 */
export async function departmentsLike(name: string): Promise<string[]> {
  const wanted = departmentKey(name);
  if (wanted.length < 3) return [];
  const edits = wanted.length < 6 ? 1 : 2;
  const scored: Array<{ name: string; score: number }> = [];
  for (const d of await Department.find({}, { name: 1, key: 1 }).lean()) {
    const key = d.key || departmentKey(d.name);
    const whole = distance(wanted, key, edits);
    const word = key
      .split(/[\s,/&-]+/)
      .some((w) => w.length >= 3 && (w.startsWith(wanted) || distance(wanted, w, 1) <= 1));
    if (whole <= edits) scored.push({ name: d.name, score: whole });
    else if (word) scored.push({ name: d.name, score: edits + 1 });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name, 'nl'))
    .slice(0, 3)
    .map((d) => d.name);
}

const unknown = async (name: string): Promise<FollowResult> => ({
  result: 'unknownDepartment',
  name,
  suggestions: await departmentsLike(name),
});

/** "@Ids volg Burgerzaken" in a channel. */
export async function followDepartment(channel: SeenConversation, name: string): Promise<FollowResult> {
  const department = await departmentNamed(name);
  if (!department) return unknown(name);
  await saveConversation(channel);
  const r = await ConversationRef.updateOne(
    { conversationId: channel.conversationId },
    { $addToSet: { followsDepartmentIds: department._id } },
  );
  return { result: r.modifiedCount ? 'followed' : 'already', department: department.name };
}

/** "@Ids ontvolg Burgerzaken". */
export async function unfollowDepartment(channel: SeenConversation, name: string): Promise<FollowResult> {
  const department = await departmentNamed(name);
  if (!department) return unknown(name);
  const r = await ConversationRef.updateOne(
    { conversationId: channel.conversationId },
    { $pull: { followsDepartmentIds: department._id } },
  );
  return { result: r.modifiedCount ? 'unfollowed' : 'notFollowing', department: department.name };
}

/** The departments a channel follows, by name. */
export async function channelFollows(conversationId: string): Promise<Array<{ id: string; name: string }>> {
  const ref = await ConversationRef.findOne({ conversationId }, { followsDepartmentIds: 1 }).lean();
  if (!ref?.followsDepartmentIds?.length) return [];
  const departments = await Department.find({ _id: { $in: ref.followsDepartmentIds } }, { name: 1 }).lean();
  return departments
    .map((d) => ({ id: d._id.toString(), name: d.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}

/**
 * The channel tab's setting, for a member of the channel's team only (asked of Teams: the Bot
 * Connector's member look-up, paced like every bot call). 404 when Ids is not in that team.
 */
export async function channelForMember(
  actor: Actor,
  conversationId: string,
  teams: { messenger: Messenger; pacer: Pacer },
) {
  const ref = await ConversationRef.findOne({ conversationId, kind: 'channel', state: 'active' }).lean();
  if (!ref?.teamId) throw notFound({ key: 'error.channel.notInstalled' });
  const person = await Person.findById(actor.personId, { aadObjectId: 1 }).lean();
  if (!person?.aadObjectId) throw forbidden({ key: 'error.channel.membersOnly' });
  const at = await teams.pacer.reserve(ref.teamId);
  await sleep(at - Date.now());
  teams.pacer.departed();
  const member = await teams.messenger.getMember({
    serviceUrl: ref.serviceUrl,
    conversationId: ref.teamId,
    userId: person.aadObjectId,
  });
  if (!member) throw forbidden({ key: 'error.channel.membersOnly' });
  return ref;
}

/** The channel tab's setting: exactly these departments. */
export async function setChannelFollows(conversationId: string, departmentIds: Types.ObjectId[]) {
  const found = await Department.countDocuments({ _id: { $in: departmentIds } });
  if (found !== new Set(departmentIds.map(String)).size) throw notFound({ key: 'error.department.notFound' });
  await ConversationRef.updateOne(
    { conversationId, kind: 'channel', state: 'active' },
    { $set: { followsDepartmentIds: departmentIds } },
  );
  return channelFollows(conversationId);
}
