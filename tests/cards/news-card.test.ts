import assert from 'node:assert/strict';
import type { Locale } from '../../core/i18n.js';
import { newsCard, withdrawnNewsCard, type NewsCardPost } from '../../cards/news-card.js';
import type { AdaptiveCard } from '../../cards/adaptive.js';
import { MAX_CARD_BYTES, validateCard } from '../../cards/validate.js';

const LOCALES: Locale[] = ['nl', 'en'];
const URL =
  'https://teams.microsoft.com/l/entity/00000000-0000-0000-0000-000000000000/home?context=%7B%22subEntityId%22%3A%22post%3A1%22%7D';
const POST_ID = '65f0c0ffee0000000000abcd';

function post(overrides: Partial<NewsCardPost> = {}): NewsCardPost {
  return {
    id: POST_ID,
    title: 'Nieuwe parkeerregels bij het stadhuis',
    summary: 'Vanaf 1 april parkeren bezoekers op het Marktplein.',
    department: 'Burgerzaken',
    author: 'Fatima el Amrani',
    publishedAt: new Date('2026-03-03T09:00:00Z'),
    important: false,
    requiresAck: false,
    imageUrl: 'https://ids.example.nl/api/m/abc.123.sig',
    ...overrides,
  };
}

function sound(card: AdaptiveCard, what: string) {
  const { warnings, bytes } = validateCard(card);
  assert.deepEqual(warnings, [], `${what}: ${warnings.join('; ')}`);
  assert.ok(bytes < MAX_CARD_BYTES, `${what}: ${bytes} bytes`);
  return JSON.stringify(card);
}

const buttons = (card: AdaptiveCard) => (card.actions ?? []).map((a) => a.type);

describe('cards: news card', () => {
  for (const locale of LOCALES) {
    describe(`in ${locale}`, () => {
      const options = { locale, timeZone: 'Europe/Amsterdam', url: URL } as const;

      it('shows where it is from, the title, author and date, the photo, the summary and "read more"', () => {
        const card = newsCard(post(), { ...options, audience: 'personal' });
        const json = sound(card, 'news card');
        assert.ok(json.includes(locale === 'nl' ? 'Nieuws van Burgerzaken' : 'News from Burgerzaken'));
        for (const text of ['Nieuwe parkeerregels bij het stadhuis', 'Fatima el Amrani', 'Marktplein'])
          assert.ok(json.includes(text), text);
        assert.ok(json.includes(locale === 'nl' ? '3 maart' : '3 March'));
        assert.ok(json.includes('"type":"Image","url":"https://ids.example.nl/api/m/abc.123.sig"'));
        assert.deepEqual(buttons(card), ['Action.OpenUrl']);
        assert.equal((card.actions![0] as { url: string }).url, URL);
        assert.equal(card.actions![0]!.title, locale === 'nl' ? 'Lees meer' : 'Read more');
        assert.equal(card.refresh, undefined);
      });

      it('names the organisation when no department sent it, and marks important news', () => {
        const { department: _d, ...orgNews } = post({ important: true });
        const json = sound(newsCard(orgNews, { ...options, audience: 'channel' }), 'organisation news');
        assert.ok(json.includes(locale === 'nl' ? 'Nieuws van de organisatie' : 'News from the organisation'));
        assert.ok(json.includes(locale === 'nl' ? 'Belangrijk' : 'Important'));
      });

      it('asks for acknowledgement with Action.Execute on a personal card, and refreshes for that person', () => {
        const card = newsCard(post({ requiresAck: true }), { ...options, audience: 'personal', userId: '29:abc' });
        sound(card, 'ack card');
        assert.deepEqual(buttons(card), ['Action.OpenUrl', 'Action.Execute']);
        const ack = card.actions![1] as { verb: string; data: unknown; title: string };
        assert.equal(ack.verb, 'ackPost');
        assert.deepEqual(ack.data, { postId: POST_ID });
        assert.equal(ack.title, locale === 'nl' ? 'Ik heb dit gelezen' : 'I’ve read this');
        assert.deepEqual(card.refresh, {
          action: { type: 'Action.Execute', verb: 'refreshPost', data: { postId: POST_ID } },
          userIds: ['29:abc'],
        });
      });

      it('shows the person their own acknowledgement instead of the button', () => {
        const card = newsCard(post({ requiresAck: true }), {
          ...options,
          audience: 'personal',
          acknowledgedAt: new Date('2026-03-04T10:00:00Z'),
        });
        const json = sound(card, 'acknowledged card');
        assert.deepEqual(buttons(card), ['Action.OpenUrl']);
        assert.ok(json.includes(locale === 'nl' ? 'Je hebt bevestigd' : 'You confirmed'));
        assert.ok(json.includes(locale === 'nl' ? '4 maart' : '4 March'));
        assert.ok(card.refresh, 'still refreshed, so every device shows the state');
      });

      it('sends a channel to the tab to acknowledge (a refresh would serve at most 60 people)', () => {
        const card = newsCard(post({ requiresAck: true }), { ...options, audience: 'channel' });
        sound(card, 'channel ack card');
        assert.deepEqual(buttons(card), ['Action.OpenUrl', 'Action.OpenUrl']);
        assert.equal((card.actions![1] as { url: string }).url, URL);
        assert.equal(card.refresh, undefined);
        assert.doesNotMatch(JSON.stringify(card), /Action\.Execute/);
      });

      it('keeps hostile text as text and drops unsafe image URLs', () => {
        const card = newsCard(
          post({
            title: '[Klik](javascript:alert(1)) <script>alert(2)</script>',
            summary: '**vet** <img src=x onerror=alert(3)> [hier](https://evil.example)',
            author: '[Baas](https://evil.example)',
            department: '<b>Afdeling</b>',
            imageUrl: 'javascript:alert(4)',
          }),
          { ...options, audience: 'personal' },
        );
        const json = sound(card, 'hostile card');
        assert.doesNotMatch(json, /javascript:|<script|<img|<b>|\]\(/i);
        assert.doesNotMatch(json, /"Image"/);
      });

      it('fits a 500-character summary and a 200-character title', () => {
        const card = newsCard(post({ title: 'T'.repeat(200), summary: 'woord '.repeat(84).trim() }), {
          ...options,
          audience: 'personal',
        });
        sound(card, 'long card');
      });

      it('says a withdrawn post is withdrawn', () => {
        const json = sound(withdrawnNewsCard(locale), 'withdrawn card');
        assert.ok(json.includes(locale === 'nl' ? 'ingetrokken' : 'withdrawn'));
      });
    });
  }
});
