import { expect } from 'chai';
import { createLogger } from '../../server/logger.js';
import { parseConfig } from '../../config/index.js';
import { useTestStore } from '../support/db.js';
import { Person } from '../../models/person.js';
import { Group } from '../../models/group.js';
import { Comment, Post } from '../../models/post.js';
import { Delivery } from '../../models/delivery.js';
import { answerNoticeRenderer, questionNotices } from '../../core/posts/question-notices.js';
import type { OutgoingMessage } from '../../core/delivery/messenger.js';

describe('core/posts: telling askers about answers', () => {
  const sent: Array<{ personId: string; message: OutgoingMessage }> = [];
  const hooks = questionNotices({ log: createLogger('silent') });
  const renderer = answerNoticeRenderer(parseConfig({}));

  /** What the delivery worker would send for the notices in the outbox (it renders at send time). */
  async function drain() {
    for (const d of await Delivery.find({ kind: 'notice', status: 'pending' }).lean()) {
      const person = (await Person.findById(d.personId).lean())!;
      const rendered = await renderer.render(d, { audience: 'personal', locale: 'nl', person });
      await Delivery.updateOne({ _id: d._id }, { $set: { status: 'message' in rendered ? 'sent' : 'skipped' } });
      if ('message' in rendered) sent.push({ personId: person._id.toString(), message: rendered.message });
    }
  }

  useTestStore();

  async function askInClosedGroup() {
    const [asker, answerer] = await Person.create([
      { email: `vrager-${Date.now()}@gemeente-ids.nl`, displayName: 'Vrager Een' },
      { email: `helper-${Date.now()}@gemeente-ids.nl`, displayName: 'Helper Twee' },
    ]);
    const group = await Group.create({
      name: 'Vraag MT',
      slug: `vraag-mt-${Date.now()}`,
      kind: 'qa',
      visibility: 'closed',
      members: [asker!._id, answerer!._id],
    });
    const question = await Post.create({
      kind: 'question',
      authorId: asker!._id,
      groupId: group._id,
      body: 'Wanneer is de MT-vergadering?',
    });
    const comment = await Comment.create({ postId: question._id, authorId: answerer!._id, body: 'Dinsdag om 10 uur.' });
    const event = {
      questionId: question._id.toString(),
      askerId: asker!._id.toString(),
      commentId: comment._id.toString(),
      answererId: answerer!._id.toString(),
    };
    return { group, asker: asker!, event };
  }

  it('tells a member of the closed Q&A group about the first answer', async () => {
    sent.length = 0;
    const { event } = await askInClosedGroup();
    await hooks.onFirstAnswer!(event);
    // Once per question: a second first-answer event (a rerun, another instance) adds nothing.
    await hooks.onFirstAnswer!(event);
    expect(await Delivery.countDocuments({ kind: 'notice', personId: event.askerId })).to.equal(1);
    await drain();
    expect(sent).to.have.length(1);
    expect(sent[0]!.personId).to.equal(event.askerId);
    expect(sent[0]!.message.text).to.include('Dinsdag om 10 uur.');
  });

  it('tells nobody who has left the closed group since asking', async () => {
    sent.length = 0;
    const { group, asker, event } = await askInClosedGroup();
    await hooks.onFirstAnswer!(event);
    // They leave the closed group before the notice goes out: it is written when sent, so it is not.
    await Group.updateOne({ _id: group._id }, { $pull: { members: asker._id } });
    await drain();
    expect(sent).to.deep.equal([]);
  });
});
