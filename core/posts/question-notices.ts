import type { Logger } from 'pino';
import { Types } from 'mongoose';
import { Person } from '../../models/person.js';
import { Comment, Post } from '../../models/post.js';
import { t, type Locale } from '../i18n.js';
import { questionLink } from '../links.js';
import { plainText } from '../../cards/text.js';
import { excerpt } from './markdown.js';
import type { Messenger, QuestionEvent, SocialHooks } from './notify.js';
import { mayActorSeePost } from './rules.js';
import { POST_ACCESS_PROJECTION } from '../policies/post.js';
import { actorFromPerson } from '../identity.js';
import type { Config } from '../../config/index.js';

/**
 * Tells the asker, in a personal message, that their question got its first answer or that an
 * answer was accepted by someone else. Sent through the Messenger (bot/messenger.ts); when the bot
 * cannot reach the person (no saved conversation yet) it is logged and the answer is still in Ids.
 */
export function questionNotices(
  messenger: Messenger,
  deps: { config: Pick<Config, 'publicUrl' | 'teamsAppId' | 'defaultLocale'>; log: Logger },
): SocialHooks {
  async function load(event: QuestionEvent) {
    const [question, comment, asker, answerer] = await Promise.all([
      Post.findOne(
        { _id: new Types.ObjectId(event.questionId), deletedAt: null },
        { ...POST_ACCESS_PROJECTION, body: 1 },
      ).lean(),
      Comment.findOne({ _id: new Types.ObjectId(event.commentId), deletedAt: null }, { body: 1 }).lean(),
      Person.findById(event.askerId, { email: 1, roles: 1, departmentId: 1, locale: 1, active: 1 }).lean(),
      Person.findById(event.answererId, { displayName: 1 }).lean(),
    ]);
    if (!question || !comment || !asker?.active || !answerer) return undefined;
    // The asker may have left the (closed) Q&A group since asking: then the answer is not theirs to read.
    if (!(await mayActorSeePost(actorFromPerson(asker), question))) return undefined;
    const locale: Locale = asker.locale === 'en' || asker.locale === 'nl' ? asker.locale : deps.config.defaultLocale;
    return {
      locale,
      // Plain text (markdown defused): the message is shown as markdown by Teams.
      question: plainText(excerpt(question.body ?? '', 80), { max: 80 }),
      answer: plainText(excerpt(comment.body, 200), { max: 200 }),
      name: plainText(answerer.displayName, { max: 120 }),
      link: questionLink(deps.config, event.questionId),
    };
  }

  async function send(event: QuestionEvent, kind: 'firstAnswer' | 'accepted'): Promise<void> {
    const m = await load(event);
    if (!m) return;
    const sentence =
      kind === 'firstAnswer'
        ? t(m.locale, 'question.firstAnswer', { name: m.name, question: m.question, answer: m.answer })
        : t(m.locale, 'question.accepted', { name: m.name, question: m.question });
    const text = `${sentence}\n\n[${t(m.locale, 'question.open')}](${m.link})`;
    const outcome = await messenger.sendToPerson(event.askerId, { text });
    deps.log.info({ questionId: event.questionId, kind, outcome }, 'asker told about an answer');
  }

  return {
    onFirstAnswer: (event) => send(event, 'firstAnswer'),
    onQuestionAnswered: async (event) => {
      // The asker who marked it knows already.
      if (event.markedBy && event.markedBy !== event.askerId) await send(event, 'accepted');
    },
  };
}
