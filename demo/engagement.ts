import type { Types } from 'mongoose';
import { dayOf, nextDay, startOfDay } from '../core/analytics/calendar.js';
import type { EngagementKind } from '../models/engagement.js';
import { createRandom } from './random.js';

/**
 * Twelve weeks of engagement events for the demo organisation, so that the communication team's
 * report (the tab's analytics screen) shows what it is for on a fresh demo instead of zeros:
 * people with habits of their own (daily readers, weekly, now and then, not yet), fewer at the
 * weekend, use growing a little week by week, and the occasional like, comment, post or question.
 * Raw events only, as the app records them: the server's rollup job makes the report's figures
 * from them in the background (core/analytics/rollup.ts), so start-up does not wait for it.
 */

export interface EngagementPerson {
  readonly id: Types.ObjectId;
  readonly departmentId: Types.ObjectId;
  /** Works outside (groen, openbare ruimte): reaches Ids through the bot and cards more than the tab. */
  readonly field: boolean;
}

export interface DemoEngagementEvent {
  personId: Types.ObjectId;
  departmentId: Types.ObjectId;
  kind: EngagementKind;
  at: Date;
  day: string;
}

/** Share of people with each habit, and the chance they use Ids on a working day. */
const HABITS: ReadonlyArray<readonly [number, number]> = [
  [0.3, 0.7], // most working days
  [0.3, 0.35], // a few times a week
  [0.2, 0.08], // now and then
  [0.2, 0], // not yet
];
const WEEKS = 12;

export function demoEngagement(
  people: readonly EngagementPerson[],
  now: Date,
  timeZone: string,
  seed = 'ids-demo-engagement',
): DemoEngagementEvent[] {
  const random = createRandom(seed);
  const today = dayOf(now, timeZone);
  const first = nextDay(today, -(WEEKS * 7 - 1));
  // The calendar once, not per person: each day's start in the organisation's zone, weekend or not,
  // and how far into the twelve weeks it is.
  const days: Array<{ day: string; start: number; weekend: boolean; growth: number }> = [];
  for (let day = first, i = 0; day <= today; day = nextDay(day), i++) {
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    // Use grows from about 70% to 100% of a habit over the twelve weeks.
    const growth = 0.7 + (0.3 * i) / (WEEKS * 7);
    days.push({ day, start: startOfDay(day, timeZone).getTime(), weekend: weekday === 0 || weekday === 6, growth });
  }
  const events: DemoEngagementEvent[] = [];
  for (const person of people) {
    const r = random.fork(person.id.toString());
    const roll = r.next();
    let share = 0;
    let perDay = 0;
    for (const [s, p] of HABITS) {
      share += s;
      perDay = p;
      if (roll < share) break;
    }
    if (perDay === 0) continue;
    for (const { day, start, weekend, growth } of days) {
      if (!r.chance(perDay * growth * (weekend ? 0.1 : 1))) continue;
      const kinds: EngagementKind[] = [];
      if (person.field) {
        kinds.push(r.chance(0.6) ? 'card_seen' : 'tab_opened');
        if (r.chance(0.3)) kinds.push('bot_message');
      } else {
        kinds.push('tab_opened');
        if (r.chance(0.3)) kinds.push('people_search');
      }
      for (let n = r.int(0, 2); n > 0; n--) kinds.push('post_opened');
      if (r.chance(0.3)) kinds.push('like');
      if (r.chance(0.06)) kinds.push('comment');
      if (r.chance(0.01)) kinds.push('post');
      if (r.chance(0.008)) kinds.push('question');
      // Between 7:00 and 17:00 local time; today only what has already happened.
      let at = start + (7 + r.next() * 10) * 3_600_000;
      for (const kind of kinds) {
        if (at > now.getTime()) break;
        events.push({ personId: person.id, departmentId: person.departmentId, kind, at: new Date(at), day });
        at += r.int(1, 20) * 60_000;
      }
    }
  }
  return events;
}
