import { Group } from '../../models/group.js';
import type { Actor } from '../actor.js';
import { notFound, textEmpty, textTooLong } from '../errors.js';
import { createPost, type PostRecord } from './posts.js';

export const QUESTION_MAX = 2000;

/** The organisation's Q&A group ("Vraag Ids"): the oldest open group of kind 'qa'. */
export async function questionGroup(): Promise<{ _id: import('mongoose').Types.ObjectId; name: string } | null> {
  return Group.findOne({ kind: 'qa', visibility: 'open' }, { name: 1 }).sort({ createdAt: 1, _id: 1 }).lean();
}

/** Posts a question (e.g. "vraag: …" to the bot) to the Q&A group; asking makes you a member. */
export async function askQuestion(actor: Actor, text: string): Promise<{ post: PostRecord; groupName: string }> {
  const body = text.trim();
  if (!body) throw textEmpty({ key: 'error.question.empty' });
  if (body.length > QUESTION_MAX) throw textTooLong({ key: 'error.question.tooLong', params: { max: QUESTION_MAX } });
  const group = await questionGroup();
  if (!group) throw notFound({ key: 'error.question.noGroup' });
  const post = await createPost(actor, { kind: 'question', groupId: group._id.toString(), body });
  return { post, groupName: group.name };
}
