import { Group } from '../../models/group.js';
import type { Actor } from '../actor.js';
import { badRequest, notFound } from '../errors.js';
import { createPost, type PostRecord } from './posts.js';

export const QUESTION_MAX = 2000;

/** The organisation's Q&A group ("Vraag Ids"): the oldest open group of kind 'qa'. */
export async function questionGroup(): Promise<{ _id: import('mongoose').Types.ObjectId; name: string } | null> {
  return Group.findOne({ kind: 'qa', visibility: 'open' }, { name: 1 }).sort({ createdAt: 1, _id: 1 }).lean();
}

/** Posts a question (e.g. "vraag: …" to the bot) to the Q&A group; asking makes you a member. */
export async function askQuestion(actor: Actor, text: string): Promise<{ post: PostRecord; groupName: string }> {
  const body = text.trim();
  if (!body) throw badRequest('Write your question.');
  if (body.length > QUESTION_MAX) throw badRequest(`A question is at most ${QUESTION_MAX} characters.`);
  const group = await questionGroup();
  if (!group) throw notFound('There is no Q&A group.');
  const post = await createPost(actor, { kind: 'question', groupId: group._id.toString(), body });
  return { post, groupName: group.name };
}
