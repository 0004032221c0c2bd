import assert from 'node:assert/strict';
import { MAX_CARD_BYTES, validateCard } from '../../cards/validate.js';

const card = (body: unknown[], extra: Record<string, unknown> = {}) => ({
  type: 'AdaptiveCard',
  version: '1.5',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  body,
  ...extra,
});
const text = (s: string) => ({ type: 'TextBlock', text: s, wrap: true });

/** validateCard must be able to fail: each broken card yields a warning that names the problem. */
describe('validateCard', () => {
  it('passes a sound card and reports its size', () => {
    const ok = card([text('Hallo')], {
      msteams: { width: 'Full' },
      actions: [
        { type: 'Action.OpenUrl', title: 'Chat', url: 'https://teams.microsoft.com/l/chat/0/0?users=a@b.nl' },
        { type: 'Action.Submit', title: 'Bekijk', data: { verb: 'showPerson', personId: 'p1' } },
      ],
    });
    const result = validateCard(ok);
    assert.deepEqual(result.warnings, []);
    assert.equal(result.bytes, Buffer.byteLength(JSON.stringify(ok)));
  });

  const broken: Array<[string, unknown, RegExp]> = [
    ['an unknown element type', card([{ type: 'Bogus', text: 'x' }]), /Unknown element type "Bogus"/],
    [
      'an unknown action type',
      card([text('x')], { actions: [{ type: 'Action.Bogus', title: 'x' }] }),
      /Unknown action type/,
    ],
    ['version 1.6 (Teams supports 1.5)', card([text('x')], { version: '1.6' }), /version is "1.6"/],
    ['no version', card([text('x')], { version: undefined }), /version is undefined/],
    ['no $schema', card([text('x')], { $schema: undefined }), /\$schema/],
    ['not an AdaptiveCard', { ...card([text('x')]), type: 'HeroCard' }, /not "AdaptiveCard"/],
    ['a TextBlock without text', card([{ type: 'TextBlock' }]), /TextBlock without text/],
    ['an Image without url', card([{ type: 'Image' }]), /Image without url/],
    [
      'an Action.OpenUrl without url',
      card([text('x')], { actions: [{ type: 'Action.OpenUrl', title: 'x' }] }),
      /"url" must be set/,
    ],
    [
      'a button without title',
      card([text('x')], { actions: [{ type: 'Action.Submit', data: { verb: 'x' } }] }),
      /without title/,
    ],
    ['a misspelt property', card([{ type: 'TextBlock', text: 'x', wrapp: true }]), /unknown property "wrapp"/],
    [
      'an invalid enum value',
      card([{ type: 'TextBlock', text: 'x', size: 'huge' }]),
      /Invalid value "huge" for property "size"/,
    ],
    [
      'a javascript: URL',
      card([text('x')], { actions: [{ type: 'Action.OpenUrl', title: 'x', url: 'javascript:alert(1)' }] }),
      /javascript:/,
    ],
    ['an http image', card([{ type: 'Image', url: 'http://evil.example/x.png' }]), /Image url is not https/],
    ['a fact without value', card([{ type: 'FactSet', facts: [{ title: 'x' }] }]), /string title and value/],
    ['an input without id', card([{ type: 'Input.Text' }]), /unique Id/],
    ['a card over the size limit', card([text('x'.repeat(MAX_CARD_BYTES))]), /bytes; Teams allows/],
    ['something that is not a card', 'hello', /not an object/],
  ];
  for (const [what, input, expected] of broken) {
    it(`warns about ${what}`, () => {
      const { warnings } = validateCard(input);
      assert.ok(
        warnings.some((w) => expected.test(w)),
        `expected ${expected} in ${JSON.stringify(warnings)}`,
      );
    });
  }

  it('gives the same answer when called many times (no state carried between cards)', () => {
    for (let i = 0; i < 5; i++) assert.deepEqual(validateCard(card([text(`kaart ${i}`)])).warnings, []);
  });
});
