import { expect } from 'chai';
import { parseQuietHours } from '../../config/index.js';
import {
  closedReason,
  dutchHolidays,
  easterSunday,
  holidayOn,
  isoWeek,
  periodKey,
  type NudgeCalendar,
} from '../../core/nudges/calendar.js';

describe('core/nudges: the calendar nudges keep to', () => {
  const calendar: NudgeCalendar = { timeZone: 'Europe/Amsterdam', quietHours: parseQuietHours('17:00-09:00')! };
  const names = (year: number) => Object.fromEntries(dutchHolidays(year).map((h) => [h.name, h.date]));

  it('computes Easter for years far apart (the Gregorian computus, checked against published dates)', () => {
    const published: Record<number, string> = {
      1961: '1961-04-02',
      2000: '2000-04-23',
      2008: '2008-03-23',
      2011: '2011-04-24',
      2024: '2024-03-31',
      2025: '2025-04-20',
      2026: '2026-04-05',
      2027: '2027-03-28',
      2038: '2038-04-25',
      2285: '2285-03-22',
    };
    for (const [year, date] of Object.entries(published)) {
      const e = easterSunday(Number(year));
      expect(`${e.year}-${String(e.month).padStart(2, '0')}-${String(e.day).padStart(2, '0')}`, year).to.equal(date);
    }
  });

  it('lists the Dutch public holidays of 2026 from Easter and the fixed dates', () => {
    expect(names(2026)).to.deep.equal({
      Nieuwjaarsdag: '2026-01-01',
      'Goede Vrijdag': '2026-04-03',
      'Eerste Paasdag': '2026-04-05',
      'Tweede Paasdag': '2026-04-06',
      Koningsdag: '2026-04-27',
      Bevrijdingsdag: '2026-05-05',
      Hemelvaartsdag: '2026-05-14',
      'Eerste Pinksterdag': '2026-05-24',
      'Tweede Pinksterdag': '2026-05-25',
      'Eerste Kerstdag': '2026-12-25',
      'Tweede Kerstdag': '2026-12-26',
    });
  });

  it("moves King's Day to the 26th when the 27th is a Sunday (2025, 2031), and keeps the Queen's Day rule before 2014", () => {
    expect(names(2025).Koningsdag).to.equal('2025-04-26');
    expect(names(2031).Koningsdag).to.equal('2031-04-26');
    expect(names(2027).Koningsdag).to.equal('2027-04-27');
    expect(names(2012).Koninginnedag).to.equal('2012-04-30');
    expect(names(2006).Koninginnedag).to.equal('2006-04-29'); // 30 April 2006 was a Sunday
    expect(holidayOn({ year: 2025, month: 4, day: 27 })).to.equal(undefined);
  });

  it('is closed at the weekend, on holidays and in quiet hours, all in the organisation’s time zone', () => {
    // Tuesday 1 December 2026, 09:30 in Amsterdam is 08:30 UTC.
    expect(closedReason(new Date('2026-12-01T08:30:00Z'), calendar)).to.equal(undefined);
    // 08:30 in Amsterdam: still quiet, though it is 07:30 UTC.
    expect(closedReason(new Date('2026-12-01T07:30:00Z'), calendar)).to.equal('quiet_hours');
    // 16:59 Amsterdam is open; 17:00 is quiet.
    expect(closedReason(new Date('2026-12-01T15:59:00Z'), calendar)).to.equal(undefined);
    expect(closedReason(new Date('2026-12-01T16:00:00Z'), calendar)).to.equal('quiet_hours');
    expect(closedReason(new Date('2026-12-05T10:00:00Z'), calendar)).to.equal('weekend');
    expect(closedReason(new Date('2026-12-06T10:00:00Z'), calendar)).to.equal('weekend');
    // Ascension Day 2026 (a Thursday), and summer time: 10:00 UTC is 12:00 in Amsterdam.
    expect(closedReason(new Date('2026-05-14T10:00:00Z'), calendar)).to.equal('holiday');
    expect(closedReason(new Date('2026-05-15T10:00:00Z'), calendar)).to.equal(undefined);
    // Late on 31 December UTC is already New Year's Day in Amsterdam.
    expect(closedReason(new Date('2026-12-31T23:30:00Z'), { ...calendar, quietHours: { start: 0, end: 1 } })).to.equal(
      'holiday',
    );
  });

  it('reads quiet hours within a day or across midnight, and refuses nonsense', () => {
    const lunch = { ...calendar, quietHours: parseQuietHours('12:00-13:00')! };
    expect(closedReason(new Date('2026-12-01T11:30:00Z'), lunch)).to.equal('quiet_hours');
    expect(closedReason(new Date('2026-12-01T07:30:00Z'), lunch)).to.equal(undefined);
    for (const bad of ['', '9-17', '25:00-09:00', '17:00-17:00', '17:60-09:00', 'always']) {
      expect(parseQuietHours(bad), bad).to.equal(undefined);
    }
  });

  it('names periods every instance agrees on: ISO weeks for 7 days, anchored spans otherwise, turning at local midnight', () => {
    expect(isoWeek({ year: 2026, month: 11, day: 26 })).to.equal('2026-W48');
    expect(isoWeek({ year: 2027, month: 1, day: 1 })).to.equal('2026-W53');
    expect(periodKey(new Date('2026-11-26T10:00:00Z'), 7, 'Europe/Amsterdam')).to.equal('2026-W48');
    const a = periodKey(new Date('2026-12-01T10:00:00Z'), 14, 'Europe/Amsterdam');
    expect(a).to.match(/^14d-\d{4}-\d{2}-\d{2}$/);
    const keys = new Set<string>();
    for (let d = 0; d < 56; d++)
      keys.add(periodKey(new Date(Date.UTC(2026, 10, 30, 10) + d * 86_400_000), 14, 'Europe/Amsterdam'));
    expect(keys.size).to.be.within(4, 5);
    // The period turns at midnight in Amsterdam, not in UTC: 23:30 UTC the day before is already the new day.
    const start = a.slice(4);
    const dayBefore = new Date(`${start}T00:00:00Z`);
    expect(periodKey(new Date(dayBefore.getTime() - 30 * 60_000), 14, 'Europe/Amsterdam')).to.equal(a);
    expect(periodKey(new Date(dayBefore.getTime() - 90 * 60_000), 14, 'Europe/Amsterdam')).to.not.equal(a);
  });
});
