import type { Types } from 'mongoose';
import { Comment, Post } from '../../models/post.js';
import { isSelf, type Actor } from '../actor.js';
import { badRequest, notFound, textEmpty } from '../errors.js';
import { loadViewer, type Viewer } from './viewer.js';
import { postNotFound, toObjectId, toPostId, visiblePost, type PostRecord } from './posts.js';
import * as postPolicy from '../policies/post.js';
import * as commentPolicy from '../policies/comment.js';
import { enforce } from '../policies/decision.js';
import { fireHook, type SocialContext } from './notify.js';
import { abandonCountChange, beginCountChange, endCountChange, readAndBeginCountChange } from './counts.js';
import { isNewsKind } from './rules.js';
import { recordEngagement } from '../analytics/events.js';

export type CommentRecord = NonNullable<Awaited<ReturnType<typeof findComment>>>;

function findComment(id: Types.ObjectId) {
  return Comment.findById(id).lean();
}

const COMMENT_NOT_FOUND = { key: 'error.comment.notFound' } as const;
const commentNotFound = () => notFound(COMMENT_NOT_FOUND);

export const MAX_COMMENTS_LISTED = 500;

/** The post's live comments, oldest first (replies carry parentId). */
export async function listComments(
  actor: Actor,
  postId: string,
): Promise<{ post: PostRecord; comments: CommentRecord[]; viewer: Viewer }> {
  const viewer = await loadViewer(actor);
  const post = await visiblePost(viewer, postId);
  const comments = await Comment.find({ postId: post._id, deletedAt: null })
    .sort({ createdAt: 1, _id: 1 })
    .limit(MAX_COMMENTS_LISTED)
    .lean();
  return { post, comments, viewer };
}

/**
 * Comments on a post the actor may see. One level of replies: a reply to a reply is attached to
 * the top-level comment it belongs to (the conversation stays readable and nothing is refused).
 * On a question, the first comment by someone other than the asker records firstAnswerAt and
 * tells the asker (onFirstAnswer) — exactly once, through a conditional update.
 */
export async function addComment(
  actor: Actor,
  postId: string,
  input: { body: string; parentId?: string },
  ctx: SocialContext = {},
): Promise<{ comment: CommentRecord; viewer: Viewer; post: PostRecord }> {
  const viewer = await loadViewer(actor);
  // The post read and its count change begun in one round trip (counts.ts); lifted if refused.
  const begun = await readAndBeginCountChange<PostRecord>(toPostId(postId));
  if (!begun) throw postNotFound();
  const { post, mark } = begun;
  let parentId: Types.ObjectId | undefined;
  let body: string;
  try {
    // As visiblePost: 404 for a post the viewer may not see (never reveal that it exists).
    enforce(postPolicy.read(viewer, post), postNotFound);
    enforce(postPolicy.comment(viewer, post), postNotFound);
    body = input.body.trim();
    if (!body) throw textEmpty({ key: 'error.comment.empty' });
    if (input.parentId) {
      const parent = await findComment(toObjectId(input.parentId, COMMENT_NOT_FOUND));
      if (!parent || parent.deletedAt || !parent.postId.equals(post._id)) throw commentNotFound();
      parentId = parent.parentId ?? parent._id;
    }
  } catch (err) {
    await abandonCountChange(post._id, mark);
    throw err;
  }
  const created = await Comment.create({ postId: post._id, authorId: actor.personId, parentId, body });
  await endCountChange(post._id, mark, { commentCount: 1 });
  recordEngagement(actor, 'comment', { postId: post._id, news: isNewsKind(post.kind) });
  // Only the first answer sets firstAnswerAt (a conditional update); one already read is not asked again.
  if (post.kind === 'question' && !post.firstAnswerAt && !isSelf(actor, post.authorId)) {
    const first = await Post.updateOne(
      { _id: post._id, firstAnswerAt: null },
      { $set: { firstAnswerAt: created.createdAt ?? new Date() } },
    );
    if (first.modifiedCount === 1) {
      fireHook(ctx, 'onFirstAnswer', {
        questionId: post._id.toString(),
        askerId: post.authorId.toString(),
        commentId: created._id.toString(),
        answererId: actor.personId.toString(),
      });
    }
  }
  return { comment: created.toObject() as CommentRecord, viewer, post };
}

/** A comment on a post the actor can (still) see; 404 otherwise. */
async function visibleComment(
  viewer: Viewer,
  commentId: string,
): Promise<{ comment: CommentRecord; post: PostRecord }> {
  const comment = await findComment(toObjectId(commentId, COMMENT_NOT_FOUND));
  if (!comment || comment.deletedAt) throw commentNotFound();
  const post = await visiblePost(viewer, comment.postId.toString()).catch(() => {
    throw commentNotFound();
  });
  return { comment, post };
}

/** Authors edit their own comments (marked edited). */
export async function editComment(
  actor: Actor,
  commentId: string,
  input: { body: string },
): Promise<{ comment: CommentRecord; viewer: Viewer }> {
  const viewer = await loadViewer(actor);
  const { comment, post } = await visibleComment(viewer, commentId);
  enforce(commentPolicy.edit(viewer, comment, post), commentNotFound);
  const body = input.body.trim();
  if (!body) throw textEmpty({ key: 'error.comment.empty' });
  const updated = await Comment.findOneAndUpdate(
    { _id: comment._id, deletedAt: null },
    { $set: { body, editedAt: new Date() } },
    { returnDocument: 'after' },
  ).lean();
  if (!updated) throw commentNotFound();
  return { comment: updated, viewer };
}

/**
 * Authors delete their own comments; whoever may moderate the post (group admins, communicators
 * for news, admins) deletes any. A top-level comment takes its replies with it.
 */
export async function deleteComment(actor: Actor, commentId: string): Promise<void> {
  const viewer = await loadViewer(actor);
  const { comment, post } = await visibleComment(viewer, commentId);
  enforce(commentPolicy.remove(viewer, comment, post), commentNotFound);
  const filter = comment.parentId
    ? { _id: comment._id, deletedAt: null }
    : { $or: [{ _id: comment._id }, { parentId: comment._id }], deletedAt: null };
  const mark = await beginCountChange(post._id);
  const removed = await Comment.updateMany(filter, { $set: { deletedAt: new Date() } });
  await endCountChange(post._id, mark, { commentCount: -removed.modifiedCount });
  const answerId = post.answer?.commentId;
  if (
    answerId &&
    (answerId.equals(comment._id) ||
      (!comment.parentId && (await Comment.exists({ _id: answerId, parentId: comment._id }))))
  ) {
    // The accepted answer went with it: the question is open again.
    await Post.updateOne({ _id: post._id }, { $unset: { answer: 1 } });
  }
}

/**
 * Marks a comment as the accepted answer to a question: the asker, the Q&A group's admins and
 * admins may. Others hear of it through onQuestionAnswered (the asker is told when someone else marked it).
 */
export async function markAnswer(
  actor: Actor,
  postId: string,
  commentId: string,
  ctx: SocialContext = {},
): Promise<{ post: PostRecord; viewer: Viewer }> {
  const viewer = await loadViewer(actor);
  const post = await visiblePost(viewer, postId);
  if (post.kind !== 'question') throw badRequest({ key: 'error.answer.notQuestion' });
  enforce(postPolicy.markAnswer(viewer, post), postNotFound);
  const comment = await findComment(toObjectId(commentId, COMMENT_NOT_FOUND));
  if (!comment || comment.deletedAt || !comment.postId.equals(post._id)) throw commentNotFound();
  const at = new Date();
  const updated = await Post.findOneAndUpdate(
    { _id: post._id, deletedAt: null },
    { $set: { answer: { commentId: comment._id, markedBy: actor.personId, at } } },
    { returnDocument: 'after' },
  ).lean();
  if (!updated) throw postNotFound();
  fireHook(ctx, 'onQuestionAnswered', {
    questionId: post._id.toString(),
    askerId: post.authorId.toString(),
    commentId: comment._id.toString(),
    answererId: comment.authorId.toString(),
    markedBy: actor.personId.toString(),
  });
  return { post: updated, viewer };
}
