/** Bot Framework activities as Teams sends them, for tests that post to /api/messages. */

export interface TeamsUser {
  readonly _id: { toString(): string };
  readonly displayName: string;
  readonly aadObjectId?: string | null;
}

let sequence = 0;

/** A message from `who` in their personal chat with the bot; overrides replace whole fields. */
export function teamsMessage(serviceUrl: string, who: TeamsUser, overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    type: 'message',
    id: `msg-${sequence}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:user-${who._id}`, name: who.displayName, aadObjectId: who.aadObjectId },
    recipient: { id: '28:ids-bot', name: 'Ids' },
    conversation: { id: `a:personal-${who._id}`, conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    locale: 'nl-NL',
    ...overrides,
  };
}

/** The id the last teamsMessage() got. */
export const lastMessageId = () => `msg-${sequence}`;

export function postActivity(serverUrl: string, body: object): Promise<Response> {
  return fetch(`${serverUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
