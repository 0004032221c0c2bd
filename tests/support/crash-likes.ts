// A process that likes posts and is killed (SIGKILL, as kill -9) right after the like of
// number `killAfter` is written and before its count is: the crash between the two writes that
// core/posts/counts.ts recovers from. Run by tests/core/post-counts.test.ts:
//   node --import tsx tests/support/crash-likes.ts <uri> <dbName> <killAfter> <email> <postId>...
import mongoose from 'mongoose';
import { Like } from '../../models/post.js';
import { actorByEmail } from '../../core/identity.js';
import { toggleLike } from '../../core/posts/likes.js';

const [uri, dbName, killAfter, email, ...postIds] = process.argv.slice(2);
await mongoose.connect(uri!, { dbName });
const actor = await actorByEmail(email!);
if (!actor) throw new Error(`no person ${email}`);
let written = 0;
const create = Like.create.bind(Like);
// The like is stored; the process dies before anything else happens.
Like.create = (async (...args: Parameters<typeof Like.create>) => {
  const created = await create(...args);
  if (++written >= Number(killAfter)) process.kill(process.pid, 'SIGKILL');
  return created;
}) as typeof Like.create;
await Promise.all(postIds.map((id) => toggleLike(actor, id)));
await mongoose.disconnect();
