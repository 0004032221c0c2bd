import { expect } from 'chai';
import { createLogger } from '../../server/logger.js';
import { parseConfig } from '../../config/index.js';
import { useTestStore } from '../support/db.js';
import { Person } from '../../models/person.js';
import { Group } from '../../models/group.js';
import { Comment, Post } from '../../models/post.js';
import { questionNotices } from '../../core/posts/question-notices.js';
import type { Messenger, PersonMessage } from '../../core/posts/notify.js';

describe('core/posts: telling askers about answers', () => {
  const sent: Array<{ personId: string; message: PersonMessage }> = [];
  const messenger: Messenger = {
    async sendToPerson(personId, message) {
      sent.push({ personId, message });
      return 'sent';
    },
  };
  const hooks = questionNotices(messenger, { config: parseConfig({}), log: createLogger('silent') });

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
    expect(sent).to.have.length(1);
    expect(sent[0]!.personId).to.equal(event.askerId);
    expect(sent[0]!.message.text).to.include('Dinsdag om 10 uur.');
  });

  it('tells nobody who has left the closed group since asking', async () => {
    sent.length = 0;
    const { group, asker, event } = await askInClosedGroup();
    await Group.updateOne({ _id: group._id }, { $pull: { members: asker._id } });
    await hooks.onFirstAnswer!(event);
    expect(sent).to.deep.equal([]);
  });
});
