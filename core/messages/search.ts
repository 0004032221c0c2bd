/** Searching posts from the bot ("zoek nieuws over parkeren" / "search news about parking"). */

export const nl = {
  'search.news.title': 'Nieuws over ‘{query}’',
  'search.news.none': 'Ik vond geen nieuws over ‘{query}’. Probeer een ander woord, of zoek in Ids.',
} as const;

export const en = {
  'search.news.title': 'News about ‘{query}’',
  'search.news.none': 'I found no news about ‘{query}’. Try another word, or search in Ids.',
} as const satisfies { readonly [K in keyof typeof nl]: string };
