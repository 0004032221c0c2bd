// "2 uur geleden", "gisteren", "3 mrt.": the app's words (src/i18n.tsx) and the page's boot script
// (src/shell.ts, before the app has arrived) say a post's age the same way.
import type { Locale } from './locale.js';

/** A function that says how long ago an ISO time was; `justNow` is said for under a minute. */
export function relativeTime(locale: Locale, justNow: () => string): (iso: string) => string {
  // Made when first needed: each costs tens of ms on a slow phone (the locale's data is loaded).
  let rtf: Intl.RelativeTimeFormat | undefined;
  let day: Intl.DateTimeFormat | undefined;
  let dayYear: Intl.DateTimeFormat | undefined;
  return (iso) => {
    const then = new Date(iso);
    const seconds = (then.getTime() - Date.now()) / 1000;
    const abs = Math.abs(seconds);
    if (abs < 60) return justNow();
    rtf ??= new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
    if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
    if (abs < 7 * 86400) return rtf.format(Math.round(seconds / 86400), 'day');
    if (then.getFullYear() === new Date().getFullYear()) {
      day ??= new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' });
      return day.format(then);
    }
    dayYear ??= new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' });
    return dayYear.format(then);
  };
}
