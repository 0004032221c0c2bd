/**
 * The chat's words for nudges, in Dutch or English: "stop", "geen herinneringen (meer)",
 * "stop herinneringen", "no (more) reminders", "stop reminders" switch them off; "herinneringen
 * aan", "reminders on" back on. Only whole messages count ("stop met volgen" is another command).
 */
export type NudgeCommand = { readonly wanted: boolean; readonly language: 'nl' | 'en' };

const PATTERNS: ReadonlyArray<{ re: RegExp; wanted: boolean; language: 'nl' | 'en' }> = [
  {
    re: /^(?:stop|geen herinneringen(?: meer)?|stop(?: met)? (?:de )?herinneringen|herinneringen uit)$/i,
    wanted: false,
    language: 'nl',
  },
  { re: /^(?:no (?:more )?reminders|stop(?: the)? reminders|reminders off)$/i, wanted: false, language: 'en' },
  { re: /^(?:herinneringen aan|herinneringen weer aan|wel herinneringen)$/i, wanted: true, language: 'nl' },
  { re: /^(?:reminders on|reminders back on)$/i, wanted: true, language: 'en' },
];

export function parseNudgeCommand(text: string): NudgeCommand | undefined {
  const s = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!?]+$/, '')
    .trim();
  if (!s || s.length > 60) return undefined;
  for (const p of PATTERNS) if (p.re.test(s)) return { wanted: p.wanted, language: p.language };
  return undefined;
}
