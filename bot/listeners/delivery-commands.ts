import { MessageFactory, type TurnContext } from 'botbuilder';
import { cardAttachment } from '../../cards/adaptive.js';
import { deliveryStatusCard, type PostStatus } from '../../cards/delivery-status.js';
import { cardText } from '../../cards/text.js';
import type { DeliveryCommand } from '../../core/delivery/commands.js';
import {
  channelFollows,
  followDepartment,
  unfollowDepartment,
  type FollowResult,
} from '../../core/delivery/follows.js';
import { myRecentPostStatus } from '../../core/delivery/report.js';
import { t, type Locale } from '../../core/i18n.js';
import { tabLink } from '../../core/links.js';
import type { SocialTurnDeps } from './social.js';
import { audienceOf } from '../identity.js';
import { rendersCards } from '../reply.js';
import { seenConversationOf } from './installations.js';

/** "volg …", "ontvolg …", "wat volgt dit kanaal", "status van mijn bericht". */
export async function handleDeliveryCommand(
  context: TurnContext,
  command: DeliveryCommand,
  deps: SocialTurnDeps,
): Promise<void> {
  const { locale } = deps;
  if (command.verb === 'status') {
    await replyStatus(context, deps);
    return;
  }
  const channel = seenConversationOf(context);
  if (channel?.kind !== 'channel') {
    await context.sendActivity(t(locale, 'follow.channelOnly'));
    return;
  }
  if (command.verb === 'follows') {
    const names = (await channelFollows(channel.conversationId)).map((d) => cardText(d.name, { max: 120 }));
    await context.sendActivity(
      names.length ? t(locale, 'follow.list', { departments: names.join(', ') }) : t(locale, 'follow.none'),
    );
    return;
  }
  const result =
    command.verb === 'follow'
      ? await followDepartment(channel, command.department)
      : await unfollowDepartment(channel, command.department);
  await context.sendActivity(followReply(result, locale));
}

function followReply(r: FollowResult, locale: Locale): string {
  if (r.result === 'unknownDepartment') {
    const name = cardText(r.name, { max: 80 });
    if (!r.suggestions.length) return t(locale, 'follow.unknownDepartment', { name });
    const departments = r.suggestions.map((d) => `‘${cardText(d, { max: 120 })}’`).join(t(locale, 'follow.or'));
    return t(locale, 'follow.didYouMean', { name, departments });
  }
  const department = cardText(r.department, { max: 120 });
  switch (r.result) {
    case 'followed':
      return t(locale, 'follow.done', { department });
    case 'already':
      return t(locale, 'follow.already', { department });
    case 'unfollowed':
      return t(locale, 'follow.stopped', { department });
    case 'notFollowing':
      return t(locale, 'follow.notFollowing', { department });
  }
}

/** The asker's own recent posts with their figures; only in their personal chat. */
async function replyStatus(context: TurnContext, deps: SocialTurnDeps): Promise<void> {
  const { locale, config } = deps;
  if (audienceOf(context) !== 'private') {
    await context.sendActivity(t(locale, 'status.personalOnly'));
    return;
  }
  const lines = await myRecentPostStatus(deps.actor);
  const posts: PostStatus[] = lines.map((l) => ({ ...l, url: tabLink(config, `post:${l.id}`) }));
  if (rendersCards(context)) {
    await context.sendActivity(
      MessageFactory.attachment(cardAttachment(deliveryStatusCard(posts, { locale, timeZone: config.orgTimezone }))),
    );
    return;
  }
  if (!posts.length) {
    await context.sendActivity(t(locale, 'status.none'));
    return;
  }
  const text = posts.map((p) => {
    const f = p.figures;
    return `- **${cardText(p.title, { max: 120 })}**: ${t(locale, 'status.sent')} ${f.sent}/${f.audience}, ${t(locale, 'status.seen')} ${f.seen}, ${t(locale, 'status.read')} ${f.read}${p.requiresAck ? `, ${t(locale, 'status.acknowledged')} ${f.acknowledged}` : ''}`;
  });
  await context.sendActivity(MessageFactory.text(`**${t(locale, 'status.title')}**\n\n${text.join('\n')}`));
}
