import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { paceTurnCall } from './adapter.js';
import type { Actor, Audience } from '../core/actor.js';
import { actorByAadObjectId, actorByEmail, firstCommunicator } from '../core/identity.js';

export type Asker =
  /** `standIn`: development without bot credentials acting as the first demo communicator. */
  | { ok: true; actor: Actor; audience: Audience; standIn?: boolean }
  | { ok: false; reason: 'unknown' | 'guest' | 'tenant' };

/** Personal chats are private; channels, group chats and meetings are seen by everyone in them. */
export function audienceOf(context: TurnContext): Audience {
  const type = context.activity.conversation?.conversationType;
  if (type === 'channel' || type === 'groupChat' || context.activity.conversation?.isGroup) return 'shared';
  return 'private';
}

/**
 * Who is speaking to the bot. Only Teams vouches for who a user is (aadObjectId, tenant, and
 * the member the Bot Connector returns); other channels (Web Chat, Direct Line, Slack) let the
 * client write those fields, so they carry no directory identity. A Teams user is matched by
 * aadObjectId, else by the email or UPN the Bot Connector returns for that member. In
 * production only members of our tenant are served; guests and anonymous users get no
 * directory data. A development bot without credentials (the Emulator) acts as the first demo
 * communicator for anyone it cannot place.
 */
export async function resolveAsker(context: TurnContext, config: Config, log: Logger): Promise<Asker> {
  const a = context.activity;
  const teams = a.channelId === 'msteams';
  const tenantId = config.bot.tenantId ?? config.entra.tenantId;
  const activityTenant =
    (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? a.conversation?.tenantId;
  if (config.production && tenantId && (!teams || activityTenant !== tenantId)) return { ok: false, reason: 'tenant' };
  if ((a.from as { role?: string } | undefined)?.role === 'anonymous') return { ok: false, reason: 'guest' };

  let actor: Actor | undefined;
  if (teams) {
    const oid = a.from?.aadObjectId;
    actor = oid ? await actorByAadObjectId(oid) : undefined;
    if (!actor && a.from?.id) {
      try {
        // A member look-up is a Bot Connector call like any other: it draws from the same budget.
        await paceTurnCall(context);
        const member = await TeamsInfo.getMember(context, a.from.id);
        if (member.userRole === 'guest' || member.userRole === 'anonymous') return { ok: false, reason: 'guest' };
        if (member.tenantId && tenantId && member.tenantId !== tenantId) return { ok: false, reason: 'tenant' };
        const email = member.email ?? member.userPrincipalName;
        if (email) {
          actor = member.aadObjectId ? await actorByAadObjectId(member.aadObjectId, email) : await actorByEmail(email);
        }
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'could not look up the Teams member');
      }
    }
  }
  if (!actor && config.devAuth && !config.bot.appId) {
    const standIn = await firstCommunicator();
    if (standIn) return { ok: true, actor: standIn, audience: audienceOf(context), standIn: true };
  }
  if (!actor) return { ok: false, reason: 'unknown' };
  return { ok: true, actor, audience: audienceOf(context) };
}
