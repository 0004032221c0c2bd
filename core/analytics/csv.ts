import { t, type Locale, type MessageKey } from '../i18n.js';
import { csvCell } from '../delivery/report.js';
import { ACTIVITY_KINDS, USER_TYPES, type AnalyticsReport, type GroupView } from './report.js';

/**
 * The report as one CSV table in long form (section; group; week; measure; value), which a
 * spreadsheet pivots as it likes. Semicolons and a BOM, as Dutch Excel opens it; a figure left
 * out (about fewer than 5 people, or one that would give such a figure away) reads "verborgen"
 * ("hidden"), and a group's head count under 5 "< 5", exactly as on screen.
 */
export function analyticsCsv(report: AnalyticsReport, locale: Locale): string {
  const say = (key: MessageKey) => t(locale, key as never);
  const folded = say('analytics.folded');
  const hidden = say('analytics.hidden');
  const group = (g: GroupView | null) => (g === null ? say('analytics.total') : (g.name ?? say('analytics.other')));
  const rows: Array<Array<string | number>> = [
    [
      say('analytics.csv.section'),
      say('analytics.csv.group'),
      say('analytics.csv.week'),
      say('analytics.csv.measure'),
      say('analytics.csv.value'),
    ],
  ];
  const add = (section: MessageKey, g: string, week: string, measure: MessageKey, value: number | null | undefined) =>
    rows.push([say(section), g, week, say(measure), value === null || value === undefined ? hidden : value]);

  const a = report.active;
  if (a) {
    const lines = [...a.rows.map((r) => [r.group, r.weeks] as const), ...(a.total ? [[null, a.total] as const] : [])];
    for (const [g, weeks] of lines)
      for (const w of weeks) {
        add('analytics.section.active', group(g), w.week, 'analytics.measure.active', w.active);
        add('analytics.section.active', group(g), w.week, 'analytics.measure.staff', w.staff);
        add('analytics.section.active', group(g), w.week, 'analytics.measure.share', w.share);
      }
  }
  const act = report.activity;
  if (act) {
    const lines = [
      ...act.rows.map((r) => [r.group, r.weeks] as const),
      ...(act.total ? [[null, act.total] as const] : []),
    ];
    for (const [g, weeks] of lines)
      for (const w of weeks)
        for (const k of ACTIVITY_KINDS)
          add('analytics.section.activity', group(g), w.week, `analytics.measure.${k}`, w[k]);
  }
  for (const post of report.news ?? []) {
    const label = `${post.title ?? ''} (${post.publishedAt.slice(0, 10)})`;
    const lines = [
      ...post.departments.map((d) => [group(d.group), d] as const),
      ...(post.total ? [[say('analytics.total'), post.total] as const] : []),
    ];
    for (const [g, f] of lines) {
      rows.push([say('analytics.section.news'), g, label, say('analytics.measure.audience'), f.audience ?? hidden]);
      for (const m of ['delivered', 'seen', 'read', 'acknowledged'] as const)
        rows.push([say('analytics.section.news'), g, label, say(`analytics.measure.${m}`), f[m] ?? hidden]);
    }
  }
  const q = report.questions;
  if (q) {
    for (const w of [...q.weeks, { week: '', ...q.total }]) {
      const g = say('analytics.total');
      add('analytics.section.questions', g, w.week, 'analytics.measure.asked', w.asked);
      add('analytics.section.questions', g, w.week, 'analytics.measure.answered', w.answered);
      add('analytics.section.questions', g, w.week, 'analytics.measure.median', w.medianMinutes);
      add('analytics.section.questions', g, w.week, 'analytics.measure.p90', w.p90Minutes);
      add('analytics.section.questions', g, w.week, 'analytics.measure.withinHour', w.withinHourShare);
    }
  }
  const p = report.profile;
  if (p) {
    const lines = [...p.rows.map((r) => [r.group, r.weeks] as const), ...(p.total ? [[null, p.total] as const] : [])];
    for (const [g, weeks] of lines)
      for (const w of weeks) {
        if ('noData' in w) continue;
        add('analytics.section.profile', group(g), w.week, 'analytics.measure.staff', w.staff);
        add('analytics.section.profile', group(g), w.week, 'analytics.measure.complete', w.complete);
        add('analytics.section.profile', group(g), w.week, 'analytics.measure.averageScore', w.averageScore);
      }
  }
  const ty = report.types;
  if (ty) {
    const span = `${ty.basis.from}/${ty.basis.to}`;
    const lines = [
      ...ty.rows.map((r) => [group(r.group), r.group.staff < 5 ? null : r.group.staff, r] as const),
      ...(ty.total ? [[say('analytics.total'), ty.total.staff, ty.total] as const] : []),
    ];
    for (const [g, staff, f] of lines) {
      rows.push([say('analytics.section.types'), g, span, say('analytics.measure.staff'), staff ?? folded]);
      for (const k of USER_TYPES)
        rows.push([say('analytics.section.types'), g, span, say(`analytics.type.${k}`), f[k] ?? hidden]);
    }
  }
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
