import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { CONSENTED_PERMISSIONS } from '../../core/delivery/graph.js';
import { backoffMs, classifyFailure } from '../../core/delivery/classify.js';
import { parseDeliveryCommand } from '../../core/delivery/commands.js';
import { deliveryKey } from '../../core/delivery/keys.js';
import { MessengerError } from '../../core/delivery/messenger.js';
import { publicationFields, publicationUpdate } from '../../core/posts/publishing.js';

const teams = (status: number, code?: string, retryAfterMs?: number) =>
  new MessengerError('x', status, code, retryAfterMs);

describe('core/delivery: rules', () => {
  describe('failure classification (by the code in the body, not the status alone)', () => {
    it('reads 403 codes as a dead conversation, with the reason', () => {
      expect(classifyFailure(teams(403, 'BotNotInConversationRoster'), 'send')).to.include({
        kind: 'dead',
        failure: 'bot_removed',
      });
      expect(classifyFailure(teams(403, 'ConversationBlockedByUser'), 'send')).to.include({
        kind: 'dead',
        failure: 'blocked',
      });
      expect(classifyFailure(teams(403, 'BotDisabledByAdmin'), 'send')).to.include({
        kind: 'dead',
        failure: 'bot_disabled',
      });
      // Another 403 is this message's problem, not the conversation's.
      expect(classifyFailure(teams(403, 'Forbidden'), 'send').kind).to.equal('rejected');
    });

    it('reads 404 as a gone conversation, but a missing activity on delete or update as done', () => {
      expect(classifyFailure(teams(404, 'ConversationNotFound'), 'send')).to.include({
        kind: 'dead',
        failure: 'conversation_gone',
      });
      expect(classifyFailure(teams(404, 'ActivityNotFoundInConversation'), 'delete').kind).to.equal('done');
      expect(classifyFailure(teams(404, 'ActivityNotFoundInConversation'), 'update').kind).to.equal('done');
      expect(classifyFailure(teams(404, 'ActivityNotFoundInConversation'), 'send').kind).to.equal('dead');
    });

    it('paces 429 with Retry-After, pauses on 401, retries 412 and 5xx, rejects 400', () => {
      expect(classifyFailure(teams(429, 'TooManyRequests', 3000), 'send')).to.deep.equal({
        kind: 'throttled',
        retryAfterMs: 3000,
      });
      expect(classifyFailure(teams(401), 'send').kind).to.equal('unauthorized');
      for (const status of [412, 500, 502, 503, 504])
        expect(classifyFailure(teams(status), 'update').kind).to.equal('retry');
      expect(classifyFailure(teams(400, 'BadArgument'), 'send').kind).to.equal('rejected');
      expect(classifyFailure(teams(413), 'send').kind).to.equal('rejected');
    });

    it('knows which failures may have delivered the message anyway', () => {
      expect(classifyFailure(teams(503), 'send')).to.include({ kind: 'retry', uncertain: true });
      expect(classifyFailure(teams(412), 'send')).to.include({ kind: 'retry', uncertain: false });
      const timeout = new MessengerError('x', undefined, 'TIMEOUT', undefined, 'timeout');
      const refused = new MessengerError('x', undefined, 'ECONNREFUSED', undefined, 'network');
      expect(classifyFailure(timeout, 'send')).to.include({ kind: 'retry', uncertain: true });
      expect(classifyFailure(refused, 'send')).to.include({ kind: 'retry', uncertain: false });
    });

    it('backs off exponentially with jitter, capped', () => {
      expect(backoffMs(1, () => 0)).to.equal(1000);
      expect(backoffMs(1, () => 1)).to.equal(2000);
      expect(backoffMs(3, () => 1)).to.equal(8000);
      expect(backoffMs(30, () => 1)).to.equal(300_000);
      expect(backoffMs(2, () => 0.5, 100)).to.equal(150);
    });
  });

  describe('dedupe keys', () => {
    it('name kind, subject, recipient and period, one scheme for every kind', () => {
      expect(deliveryKey({ kind: 'news', subject: 'p1', recipient: { personId: 'a' } })).to.equal('news|p1|person:a');
      expect(deliveryKey({ kind: 'news', subject: 'p1', recipient: { conversationRefId: 'c' } })).to.equal(
        'news|p1|conversation:c',
      );
      expect(
        deliveryKey({ kind: 'nudge', subject: 'profile', recipient: { personId: 'a' }, period: '2026-W48' }),
      ).to.equal('nudge|profile|person:a|2026-W48');
      expect(() => deliveryKey({ kind: 'news', subject: 'a|b', recipient: { personId: 'a' } })).to.throw();
    });
  });

  describe('bot commands', () => {
    it('reads follow, unfollow, what-follows and status, in Dutch and English, with or without a mention', () => {
      expect(parseDeliveryCommand('<at>Ids</at> volg Burgerzaken')).to.deep.equal({
        verb: 'follow',
        department: 'Burgerzaken',
        language: 'nl',
      });
      expect(parseDeliveryCommand('@Ids follow Groen en Water')).to.deep.include({
        verb: 'follow',
        department: 'Groen en Water',
      });
      expect(parseDeliveryCommand('ontvolg Burgerzaken')).to.deep.include({
        verb: 'unfollow',
        department: 'Burgerzaken',
      });
      expect(parseDeliveryCommand('Ids unfollow "Burgerzaken"')).to.deep.include({
        verb: 'unfollow',
        department: 'Burgerzaken',
      });
      expect(parseDeliveryCommand('wat volgt dit kanaal?')).to.deep.equal({ verb: 'follows', language: 'nl' });
      expect(parseDeliveryCommand('status van mijn bericht')).to.deep.equal({ verb: 'status', language: 'nl' });
      expect(parseDeliveryCommand('Status of my posts?')).to.deep.equal({ verb: 'status', language: 'en' });
    });

    it('leaves everything else to the intent parser', () => {
      for (const text of ['volgens mij heet hij Jan', 'wat is het nummer van Anne', 'status', 'follow', 'volg'])
        expect(parseDeliveryCommand(text), text).to.equal(undefined);
    });
  });

  describe('publication', () => {
    const now = new Date('2026-03-02T08:00:00Z');
    const later = new Date('2026-03-03T07:00:00Z');

    it('publishes now, schedules ahead, keeps drafts; notify marks the fan-out only when published', () => {
      expect(publicationFields({ notify: true }, now)).to.deep.include({ status: 'published', fanoutDue: true });
      expect(publicationFields({ publishAt: later, notify: true }, now)).to.deep.include({
        status: 'scheduled',
        publishedAt: later,
      });
      expect(publicationFields({ publishAt: later, notify: true }, now)).to.not.have.property('fanoutDue');
      expect(publicationFields({ status: 'draft', publishAt: later }, now)).to.deep.include({ status: 'draft' });
      // A time a few seconds ahead is "now" (clocks differ).
      expect(publicationFields({ publishAt: new Date(now.getTime() + 5000) }, now).status).to.equal('published');
    });

    it('lets a draft or scheduled post change freely, and a published one only start its cards', () => {
      const published = { status: 'published', notify: false };
      expect(publicationUpdate(published, { notify: true }, now)?.$set).to.deep.equal({
        notify: true,
        fanoutDue: true,
      });
      expect(() => publicationUpdate(published, { status: 'draft' }, now)).to.throw(/published/);
      expect(() => publicationUpdate(published, { publishAt: later }, now)).to.throw(/rescheduled/);
      expect(() => publicationUpdate({ status: 'published', notify: true }, { notify: false }, now)).to.throw(
        /on their way/,
      );
      const scheduled = { status: 'scheduled', notify: true, publishAt: later };
      expect(publicationUpdate(scheduled, { publishAt: null }, now)?.$set).to.deep.include({
        status: 'published',
        fanoutDue: true,
      });
      expect(publicationUpdate(scheduled, { status: 'draft' }, now)?.$set).to.deep.include({ status: 'draft' });
      const draft = { status: 'draft', notify: false, publishAt: later };
      expect(publicationUpdate(draft, { status: 'published' }, now)?.$set).to.deep.include({ status: 'scheduled' });
    });
  });

  describe('the read-receipt permission', () => {
    it('is what the manifest asks for and what a Graph installation consents to', () => {
      const manifest = JSON.parse(
        readFileSync(new URL('../../manifest/manifest.template.json', import.meta.url), 'utf8'),
      );
      const asked = manifest.authorization.permissions.resourceSpecific;
      expect(asked).to.deep.equal([{ name: 'ChatMessageReadReceipt.Read.Chat', type: 'Application' }]);
      expect(
        CONSENTED_PERMISSIONS.resourceSpecificPermissions.map((p) => ({
          name: p.permissionValue,
          type: p.permissionType,
        })),
      ).to.deep.equal(asked);
    });
  });
});
