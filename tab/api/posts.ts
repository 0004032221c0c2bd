import { Router } from 'express';
import type { ApiDeps } from './index.js';
import { parseInput } from './validate.js';
import { actorOf } from '../../server/auth.js';
import {
  answerBody,
  commentBody,
  commentPatchBody,
  idParams,
  newPostBody,
  pageQuery,
  postPatchBody,
} from './schemas.js';
import { createPost, deletePost, editPost, getPost } from '../../core/posts/posts.js';
import { setLike, toggleLike } from '../../core/posts/likes.js';
import { addComment, deleteComment, editComment, listComments, markAnswer } from '../../core/posts/comments.js';
import { presentComments, presentPost, presentPosts, type MediaLinks } from '../../core/posts/present.js';
import { departmentFeed, homeFeed, type FeedPage } from '../../core/feed/feed.js';
import { loadViewer } from '../../core/posts/viewer.js';
import type { SocialContext } from '../../core/posts/notify.js';
import { markPostRead } from '../../core/delivery/receipts.js';

export function mediaLinks(deps: ApiDeps): MediaLinks {
  return {
    publicUrl: deps.config.publicUrl,
    mediaUrlSecret: deps.config.mediaUrlSecret,
    // Authors' names from the directory kept in memory (read on each use: it is rebuilt at start).
    people: { get: (id) => deps.services.directory.get(id) },
  };
}

export async function presentFeed(page: FeedPage, links: MediaLinks) {
  // One presentation for both lists: one look-up of authors and of the viewer's likes.
  const all = await presentPosts([...page.pinned, ...page.posts], page.viewer, links, page.marks);
  return {
    pinned: all.slice(0, page.pinned.length),
    posts: all.slice(page.pinned.length),
    nextCursor: page.nextCursor,
  };
}

/** Feeds, posts, likes, comments and answers. */
export function postsRouter(deps: ApiDeps): Router {
  const r = Router();
  const links = mediaLinks(deps);
  const social: SocialContext = { log: deps.log, ...deps.social };

  r.get('/feed', async (req, res) => {
    const q = parseInput(pageQuery, req.query);
    res.json(await presentFeed(await homeFeed(actorOf(res), q), links));
  });

  r.get('/departments/:id/feed', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const q = parseInput(pageQuery, req.query);
    res.json(await presentFeed(await departmentFeed(actorOf(res), id, q), links));
  });

  r.post('/posts', async (req, res) => {
    const input = parseInput(newPostBody, req.body);
    const actor = actorOf(res);
    const post = await createPost(actor, input);
    res.status(201).json(await presentPost(post, await loadViewer(actor), links));
  });

  r.get('/posts/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const actor = actorOf(res);
    const { post, viewer } = await getPost(actor, id);
    // Opening a post is what the delivery report counts as read.
    await markPostRead(actor, post);
    res.json(await presentPost(post, viewer, links));
  });

  r.patch('/posts/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const patch = parseInput(postPatchBody, req.body);
    const { post, viewer } = await editPost(actorOf(res), id, patch);
    res.json(await presentPost(post, viewer, links));
  });

  r.delete('/posts/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    await deletePost(actorOf(res), id);
    res.status(204).end();
  });

  // Likes: POST toggles; PUT likes and DELETE unlikes (both idempotent).
  r.post('/posts/:id/like', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    res.json(await toggleLike(actorOf(res), id));
  });
  r.put('/posts/:id/like', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    res.json(await setLike(actorOf(res), id, true));
  });
  r.delete('/posts/:id/like', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    res.json(await setLike(actorOf(res), id, false));
  });

  r.get('/posts/:id/comments', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const { post, comments, viewer } = await listComments(actorOf(res), id);
    res.json({ comments: await presentComments(comments, post, viewer, links.people) });
  });

  r.post('/posts/:id/comments', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const input = parseInput(commentBody, req.body);
    const { comment, post, viewer } = await addComment(actorOf(res), id, input, social);
    res.status(201).json((await presentComments([comment], post, viewer, links.people))[0]);
  });

  r.patch('/comments/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const input = parseInput(commentPatchBody, req.body);
    const actor = actorOf(res);
    const { comment, viewer } = await editComment(actor, id, input);
    const { post } = await getPost(actor, comment.postId.toString());
    res.json((await presentComments([comment], post, viewer, links.people))[0]);
  });

  r.delete('/comments/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    await deleteComment(actorOf(res), id);
    res.status(204).end();
  });

  r.post('/posts/:id/answer', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const { commentId } = parseInput(answerBody, req.body);
    const { post, viewer } = await markAnswer(actorOf(res), id, commentId, social);
    res.json(await presentPost(post, viewer, links));
  });

  return r;
}
