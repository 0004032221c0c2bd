// Teams' language and theme names as the tab knows them (no teams-js here: the page's boot script uses these too).
export type Theme = 'default' | 'dark' | 'contrast';
export type Locale = 'nl' | 'en';

export const toLocale = (tag: string | null | undefined): Locale | undefined =>
  tag ? (/^(en)\b/i.test(tag) ? 'en' : /^(nl|fy|li)\b/i.test(tag) ? 'nl' : undefined) : undefined;
export const toTheme = (t: string | null | undefined): Theme | undefined =>
  t === 'dark' || t === 'contrast' || t === 'default' ? t : undefined;
