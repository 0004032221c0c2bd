import { expect } from 'chai';
import { AppError, ERROR_CODES, errorMessage, notFound } from '../../core/errors.js';
import { LOCALES, messageKeys, messageTemplate, t } from '../../core/i18n.js';
import { allow, deny, enforce, hidden } from '../../core/policies/decision.js';
import { asAppError, botMessageFor } from '../../bot/errors.js';

describe('errors: a stable code and a sentence in the asker’s language', () => {
  it('every error code has a Dutch and an English sentence, and they differ', () => {
    const keys = new Set<string>(messageKeys());
    for (const code of ERROR_CODES) {
      const key = `error.${code}`;
      expect(keys.has(key), key).to.equal(true);
      for (const locale of LOCALES) expect(messageTemplate(locale, key as never).trim(), key).to.not.equal('');
      expect(messageTemplate('nl', key as never), key).to.not.equal(messageTemplate('en', key as never));
    }
  });

  it("an error made the old way (code, English message, status) reads as its code's sentence", () => {
    const err = new AppError('rate_limited', 'Too many requests; wait a minute and try again.', 429);
    expect(err.message).to.equal('Too many requests; wait a minute and try again.');
    expect(errorMessage(err, 'nl')).to.equal(t('nl', 'error.rate_limited'));
    expect(errorMessage(err, 'en')).to.equal(t('en', 'error.rate_limited'));
  });

  it('an error with a specific sentence reads as that sentence, and logs it in English', () => {
    const err = new AppError('text_too_long', { key: 'error.question.tooLong', params: { max: 2000 } }, 400);
    expect(err.message).to.equal(
      'Your question is too long: at most 2000 characters. Shorten it, or ask it in the Ids tab.',
    );
    expect(errorMessage(err, 'nl')).to.match(/^Je vraag is te lang: hoogstens 2000 tekens/);
    expect(err.text).to.deep.equal({ key: 'error.question.tooLong', params: { max: 2000 } });
  });

  it('the bot says what the code means: too long and empty are told apart, whatever their status', () => {
    const tooLong = new AppError('text_too_long', 'x', 400);
    const empty = new AppError('text_empty', 'x', 400);
    expect(botMessageFor(tooLong, 'nl')).to.not.equal(botMessageFor(empty, 'nl'));
    expect(botMessageFor(tooLong, 'en')).to.equal(t('en', 'error.text_too_long'));
    // Anything that is not core's own error is a fault on our side; an unreachable store says so.
    expect(botMessageFor(new TypeError('x is undefined'), 'nl')).to.equal(t('nl', 'error.internal'));
    const down = Object.assign(new Error('connect ECONNREFUSED'), { name: 'MongoServerSelectionError' });
    expect(asAppError(down).code).to.equal('store_unavailable');
    expect(botMessageFor(down, 'en')).to.equal(t('en', 'error.store_unavailable'));
  });

  it('a policy refusal is a 403 with its reason, or the caller’s 404 when the thing is hidden', () => {
    const gone = () => notFound({ key: 'error.post.notFound' });
    expect(() => enforce(allow, gone)).to.not.throw();
    const hiddenErr = catchError(() => enforce(hidden, gone));
    expect(hiddenErr).to.include({ code: 'not_found', status: 404 });
    expect(errorMessage(hiddenErr, 'en')).to.equal(t('en', 'error.post.notFound'));
    const refused = catchError(() => enforce(deny('pin_news'), gone));
    expect(refused).to.include({ code: 'forbidden', status: 403 });
    expect(errorMessage(refused, 'nl')).to.equal('Alleen het communicatieteam zet nieuws vast.');
  });
});

function catchError(fn: () => void): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected an error');
}
