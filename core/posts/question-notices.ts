import type { Logger } from 'pino';
import { Types } from 'mongoose';
import { Person } from '../../models/person.js';
import { Comment, Post } from '../../models/post.js';
import { t, type Locale } from '../i18n.js';
import { questionLink } from '../links.js';
import { plainText } from '../../cards/text.js';
import { excerpt } from './markdown.js';
import type { QuestionEvent, SocialHooks } from './notify.js';
import { mayActorSeePost } from './rules.js';
import { POST_ACCESS_PROJECTION } from '../policies/post.js';
import { actorFromPerson } from '../identity.js';
import type { Config } from '../../config/index.js';
import { enqueue } from '../delivery/outbox.js';
import type { Renderer } from '../delivery/render.js';

type NoticeKind = 'firstAnswer' | 'accepted';

/** What an answer notice delivery carries; the text is written when it is sent. */
interface NoticePayload {
  readonly notice: NoticeKind;
  readonly questionId: string;
  readonly commentId: string;
  readonly answererId: string;
}

/**
 * Tells the asker, in a personal message, that their question got its first answer or that an
 * answer was accepted by someone else. Each notice is a delivery in the outbox (kind 'notice',
 * one per question, answer and asker), so a crash, a 429 or a restart before it went out loses
 * nothing, and the delivery worker finds or opens the person's chat with Ids.
 */
export function questionNotices(deps: { log: Logger }): SocialHooks {
  async function queue(event: QuestionEvent, notice: NoticeKind): Promise<void> {
    const payload: NoticePayload = {
      notice,
      questionId: event.questionId,
      commentId: event.commentId,
      answererId: event.answererId,
    };
    const created = await enqueue({
      kind: 'notice',
      // The first answer is told once per question; an accepted answer once per accepted comment.
      subject: notice === 'firstAnswer' ? `firstAnswer:${event.questionId}` : `accepted:${event.commentId}`,
      recipient: { personId: new Types.ObjectId(event.askerId) },
      postId: new Types.ObjectId(event.questionId),
      payload: { ...payload },
    });
    deps.log.info({ questionId: event.questionId, notice, created }, 'answer notice queued for the asker');
  }

  return {
    onFirstAnswer: (event) => queue(event, 'firstAnswer'),
    onQuestionAnswered: async (event) => {
      // The asker who marked it knows already.
      if (event.markedBy && event.markedBy !== event.askerId) await queue(event, 'accepted');
    },
  };
}

/**
 * Writes an answer notice when it is sent: skipped when the question, the answer or the asker is
 * gone, or when the asker may no longer read the question (they left the closed Q&A group).
 */
export function answerNoticeRenderer(config: Pick<Config, 'publicUrl' | 'teamsAppId' | 'defaultLocale'>): Renderer {
  return {
    async render(delivery, target) {
      const p = delivery.payload as Partial<NoticePayload> | undefined;
      if (!p?.questionId || !p.commentId || !p.answererId || !target.person) return { skip: 'no_notice' };
      const [question, comment, answerer] = await Promise.all([
        Post.findOne(
          { _id: new Types.ObjectId(p.questionId), deletedAt: null },
          { ...POST_ACCESS_PROJECTION, body: 1 },
        ).lean(),
        Comment.findOne({ _id: new Types.ObjectId(p.commentId), deletedAt: null }, { body: 1 }).lean(),
        Person.findById(p.answererId, { displayName: 1 }).lean(),
      ]);
      if (!question || !comment || !answerer) return { skip: 'answer_gone' };
      if (!(await mayActorSeePost(actorFromPerson(target.person), question))) return { skip: 'not_in_audience' };
      const locale: Locale = target.locale;
      // Plain text (markdown defused): the message is shown as markdown by Teams.
      const name = plainText(answerer.displayName, { max: 120 });
      const q = plainText(excerpt(question.body ?? '', 80), { max: 80 });
      const sentence =
        p.notice === 'accepted'
          ? t(locale, 'question.accepted', { name, question: q })
          : t(locale, 'question.firstAnswer', {
              name,
              question: q,
              answer: plainText(excerpt(comment.body, 200), { max: 200 }),
            });
      const link = questionLink(config, p.questionId);
      return { message: { text: `${sentence}\n\n[${t(locale, 'question.open')}](${link})` } };
    },
  };
}
