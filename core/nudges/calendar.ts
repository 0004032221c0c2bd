/**
 * When a nudge may arrive: on a working day in the organisation's time zone, outside its quiet
 * hours, never on a Dutch public holiday. And which nudge period a moment belongs to. Pure
 * functions of a moment (a Date) and the settings, so a test or the simulation can drive them
 * with any clock.
 */

/** A calendar day in the organisation's time zone. */
export interface LocalDay {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
}

/** A moment as the organisation's clocks show it. */
export interface LocalTime extends LocalDay {
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
  /** Minutes since local midnight. */
  readonly minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export function localTime(at: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(at)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** Days since 1970-01-01 of a calendar day (no time zone involved). */
export function dayNumber(d: LocalDay): number {
  return Math.floor(Date.UTC(d.year, d.month - 1, d.day) / 86_400_000);
}

function fromDayNumber(n: number): LocalDay {
  const d = new Date(n * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const iso = (d: LocalDay) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDay {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

export interface Holiday {
  /** yyyy-mm-dd. */
  readonly date: string;
  readonly name: string;
}

const holidayCache = new Map<number, readonly Holiday[]>();

/**
 * The Dutch public holidays of a year: those of the Algemene termijnenwet (Nieuwjaarsdag, Eerste
 * en Tweede Paasdag, Koningsdag, Bevrijdingsdag, Hemelvaartsdag, Eerste en Tweede Pinksterdag,
 * Eerste en Tweede Kerstdag) and Goede Vrijdag, which many organisations give off: a nudge that
 * waits a day costs nothing. Koningsdag is 27 April, or 26 April when the 27th is a Sunday (since
 * 2014; before that Koninginnedag, 30 April, or the 29th when the 30th was a Sunday).
 */
export function dutchHolidays(year: number): readonly Holiday[] {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const easter = dayNumber(easterSunday(year));
  const fixed = (month: number, day: number) => dayNumber({ year, month, day });
  const sunday = (n: number) => new Date(n * 86_400_000).getUTCDay() === 0;
  const kingsDay = year >= 2014 ? fixed(4, 27) : fixed(4, 30);
  const days: Array<[number, string]> = [
    [fixed(1, 1), 'Nieuwjaarsdag'],
    [easter - 2, 'Goede Vrijdag'],
    [easter, 'Eerste Paasdag'],
    [easter + 1, 'Tweede Paasdag'],
    [sunday(kingsDay) ? kingsDay - 1 : kingsDay, year >= 2014 ? 'Koningsdag' : 'Koninginnedag'],
    [fixed(5, 5), 'Bevrijdingsdag'],
    [easter + 39, 'Hemelvaartsdag'],
    [easter + 49, 'Eerste Pinksterdag'],
    [easter + 50, 'Tweede Pinksterdag'],
    [fixed(12, 25), 'Eerste Kerstdag'],
    [fixed(12, 26), 'Tweede Kerstdag'],
  ];
  const list = days
    .sort((a, b) => a[0] - b[0])
    .map(([n, name]) => Object.freeze({ date: iso(fromDayNumber(n)), name }));
  holidayCache.set(year, Object.freeze(list));
  return list;
}

export function holidayOn(day: LocalDay): Holiday | undefined {
  const date = iso(day);
  return dutchHolidays(day.year).find((h) => h.date === date);
}

/** Quiet hours: from `start` to `end` minutes after local midnight, possibly across midnight (17:30–09:00). */
export interface QuietHours {
  readonly start: number;
  readonly end: number;
}

export function inQuietHours(minutes: number, quiet: QuietHours): boolean {
  return quiet.start < quiet.end
    ? minutes >= quiet.start && minutes < quiet.end
    : minutes >= quiet.start || minutes < quiet.end;
}

export interface NudgeCalendar {
  readonly timeZone: string;
  readonly quietHours: QuietHours;
}

export type Closed = 'weekend' | 'holiday' | 'quiet_hours';

/** Why no nudge may arrive at `at`, or undefined when one may. */
export function closedReason(at: Date, calendar: NudgeCalendar): Closed | undefined {
  const local = localTime(at, calendar.timeZone);
  if (local.weekday === 0 || local.weekday === 6) return 'weekend';
  if (holidayOn(local)) return 'holiday';
  if (inQuietHours(local.minutes, calendar.quietHours)) return 'quiet_hours';
  return undefined;
}

/** Periods are counted from this Monday, so every instance and every rerun agrees on them. */
const PERIOD_ANCHOR = dayNumber({ year: 2024, month: 1, day: 1 });

/**
 * The nudge period `at` falls in, as written in a delivery key: the ISO week for 7-day periods
 * ("2026-W48", as the outbox's keys show), else the local date the period starts on with its
 * length ("14d-2026-11-23"). Periods start at local midnight, which quiet hours keep nudges away
 * from, so no instance straddles a period boundary.
 */
export function periodKey(at: Date, periodDays: number, timeZone: string): string {
  const local = localTime(at, timeZone);
  const n = dayNumber(local);
  if (periodDays === 7) return isoWeek(local);
  const start = n - ((((n - PERIOD_ANCHOR) % periodDays) + periodDays) % periodDays);
  return `${periodDays}d-${iso(fromDayNumber(start))}`;
}

export function isoWeek(d: LocalDay): string {
  const n = dayNumber(d);
  const weekday = (new Date(n * 86_400_000).getUTCDay() + 6) % 7; // Monday 0
  const thursday = fromDayNumber(n - weekday + 3);
  const jan1 = dayNumber({ year: thursday.year, month: 1, day: 1 });
  const week = Math.floor((dayNumber(thursday) - jan1) / 7) + 1;
  return `${thursday.year}-W${String(week).padStart(2, '0')}`;
}
