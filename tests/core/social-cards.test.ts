import { expect } from 'chai';
import { newsListCard, type NewsListItem } from '../../cards/news-list.js';
import { photoOfferCard } from '../../cards/photo-offer.js';
import { validateCard } from '../../cards/validate.js';
import { tabLink } from '../../core/links.js';
import { newsText } from '../../bot/listeners/social.js';

const item = (over: Partial<NewsListItem> = {}): NewsListItem => ({
  id: '6650c0ffee0000000000abcd',
  title: 'Nieuwe koffieautomaat',
  excerpt: 'Op de eerste verdieping.',
  author: 'Femke Dijkstra',
  publishedAt: '2026-03-02T09:00:00Z',
  url: 'https://ids.example.nl/tab?post=6650c0ffee0000000000abcd',
  ...over,
});

describe('social: cards', () => {
  it('news list: schema 1.5 without warnings, localized, "Lees meer" opening the post in the tab', () => {
    const teamsAppId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
    const url = tabLink({ teamsAppId, publicUrl: 'https://ids.example.nl' }, 'post:6650c0ffee0000000000abcd');
    expect(url).to.equal(
      `https://teams.microsoft.com/l/entity/${teamsAppId}/home?context=${encodeURIComponent(JSON.stringify({ subEntityId: 'post:6650c0ffee0000000000abcd' }))}`,
    );
    const nl = newsListCard([item({ url, important: true, imageUrl: 'https://ids.example.nl/api/m/x.1.y' }), item()], {
      locale: 'nl',
      timeZone: 'Europe/Amsterdam',
    });
    expect(validateCard(nl).warnings).to.deep.equal([]);
    const json = JSON.stringify(nl);
    expect(json)
      .to.include('Lees meer')
      .and.include('Belangrijk')
      .and.include('2 maart')
      .and.include(JSON.stringify(url).slice(1, -1));
    const en = JSON.stringify(newsListCard([item()], { locale: 'en', timeZone: 'Europe/Amsterdam' }));
    expect(en).to.include('Read more').and.include('2 March');
  });

  it("news list: people's words stay text (no links, markup or script schemes)", () => {
    const card = newsListCard(
      [
        item({
          title: '[klik](javascript:alert(1)) <script>x</script>',
          excerpt: '**vet** [x](https://evil.example) <img onerror=a>',
          author: '_Femke_ <b>',
        }),
      ],
      { locale: 'nl', timeZone: 'Europe/Amsterdam' },
    );
    expect(validateCard(card).warnings).to.deep.equal([]);
    const json = JSON.stringify(card);
    expect(json).to.not.match(/javascript:|<script|<img|\]\(/i);
    const text = newsText([item({ title: '[klik](javascript:alert(1))' })], 'nl', 'Europe/Amsterdam');
    expect(text).to.not.match(/javascript:|\[klik\]\(/);
  });

  it('news list: says so when there is no news; a non-https link gets no button', () => {
    const empty = newsListCard([], { locale: 'nl', timeZone: 'Europe/Amsterdam' });
    expect(validateCard(empty).warnings).to.deep.equal([]);
    expect(JSON.stringify(empty)).to.include('nog geen nieuws');
    const bad = JSON.stringify(
      newsListCard([item({ url: 'javascript:alert(1)' })], { locale: 'nl', timeZone: 'Europe/Amsterdam' }),
    );
    expect(bad).to.not.include('Action.OpenUrl');
  });

  it('photo offer: a pick list of groups, a caption and a postPhoto submit', () => {
    const card = photoOfferCard({
      locale: 'nl',
      groups: [
        { id: 'aaaaaaaaaaaaaaaaaaaaaaaa', name: 'Buitendienst [x](javascript:y)' },
        { id: 'bbbbbbbbbbbbbbbbbbbbbbbb', name: 'Fotoclub' },
      ],
      mediaId: 'cccccccccccccccccccccccc',
      imageUrl: 'https://ids.example.nl/api/m/token',
    });
    expect(validateCard(card).warnings).to.deep.equal([]);
    expect(card.actions?.[0]).to.deep.include({
      type: 'Action.Submit',
      data: { verb: 'postPhoto', mediaId: 'cccccccccccccccccccccccc' },
    });
    expect(JSON.stringify(card)).to.not.include('javascript:');
    const en = photoOfferCard({
      locale: 'en',
      groups: [{ id: 'aaaaaaaaaaaaaaaaaaaaaaaa', name: 'G' }],
      mediaId: 'cccccccccccccccccccccccc',
    });
    expect(validateCard(en).warnings).to.deep.equal([]);
    expect(JSON.stringify(en)).to.include('Share this photo');
  });
});
