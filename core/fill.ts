// Filling a message's `{placeholders}`: apart from the catalogue (core/i18n.ts), so that the tab,
// which carries one language's messages at a time, can use it without both catalogues.

/** A message template with its `{placeholders}` filled from `params` (unknown names stay as written). */
export function fill(template: string, params?: Readonly<Record<string, string | number>>): string {
  if (!params) return template;
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
