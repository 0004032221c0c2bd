// Where the tab is: one route per screen, kept in the URL (/tab?view=…&id=…) so the back button,
// a reload and Teams' deep links all land on the same screen.

export type Section = 'home' | 'search' | 'people' | 'groups' | 'profile';

export type Route =
  | { view: 'home' }
  | { view: 'post'; id: string }
  | { view: 'search'; q?: string }
  | { view: 'people' }
  | { view: 'person'; id: string }
  | { view: 'department'; id: string }
  /** An ambassador's own department: who still misses something in their profile. */
  | { view: 'incomplete'; id: string }
  /** Admins: what only the organisation fills in (department, manager), and who misses it. */
  | { view: 'profile-gaps' }
  | { view: 'profile' }
  | { view: 'groups' }
  | { view: 'group'; id: string }
  | { view: 'compose' }
  | { view: 'analytics' }
  | { view: 'privacy' }
  | { view: 'channel'; feed: 'department' | 'group'; id: string };

const ID = /^[0-9a-f]{24}$/i;

/** The static tab a route belongs to (what Teams' top row shows as selected). */
export function sectionOf(route: Route): Section {
  switch (route.view) {
    case 'home':
    case 'post':
    case 'compose':
    case 'channel':
      return 'home';
    case 'search':
      return 'search';
    case 'people':
    case 'person':
    case 'department':
    case 'incomplete':
      return 'people';
    case 'groups':
    case 'group':
      return 'groups';
    case 'profile':
    case 'analytics':
    case 'privacy':
    case 'profile-gaps':
      return 'profile';
  }
}

/** A deep link's item ("post:<id>", "question:<id>", "person:<id>", "group:<id>"). */
export function routeOfItem(item: string | null | undefined): Route | undefined {
  const [kind, id] = (item ?? '').split(':', 2);
  if (!id || !ID.test(id)) return undefined;
  if (kind === 'post' || kind === 'question') return { view: 'post', id };
  if (kind === 'person') return { view: 'person', id };
  if (kind === 'group') return { view: 'group', id };
  if (kind === 'department') return { view: 'department', id };
  return undefined;
}

/** The route a URL and Teams' context name; the deep link's item wins over the static tab. */
export function parseRoute(search: string, subPageId?: string, entityId?: string): Route {
  const p = new URLSearchParams(search);
  const fromItem = routeOfItem(subPageId);
  if (fromItem) return fromItem;
  // Links made without a Teams app id: /tab?post=<id>, /tab?person=<id>, /tab?question=<id>.
  for (const kind of ['post', 'question', 'person', 'group'] as const) {
    const r = routeOfItem(p.get(kind) ? `${kind}:${p.get(kind)}` : undefined);
    if (r) return r;
  }
  const id = p.get('id') ?? '';
  const view = p.get('view') ?? entityId ?? 'home';
  switch (view) {
    case 'post':
    case 'person':
    case 'department':
    case 'incomplete':
    case 'group':
      return ID.test(id)
        ? ({ view, id } as Route)
        : {
            view:
              view === 'post'
                ? 'home'
                : view === 'person' || view === 'department' || view === 'incomplete'
                  ? 'people'
                  : 'groups',
          };
    case 'search':
      return { view: 'search', q: p.get('q') ?? undefined };
    case 'people':
    case 'profile':
    case 'groups':
    case 'compose':
    case 'analytics':
    case 'privacy':
    case 'profile-gaps':
      return { view };
    case 'news':
      return { view: 'compose' };
    case 'channel': {
      const feed = routeOfItem(p.get('feed'));
      if (feed?.view === 'group') return { view: 'channel', feed: 'group', id: feed.id };
      if (feed?.view === 'department') return { view: 'channel', feed: 'department', id: feed.id };
      return { view: 'home' };
    }
    default:
      return { view: 'home' };
  }
}

/** The URL of a route, keeping what Teams put in it (locale, theme). */
export function urlOf(route: Route, current: string): string {
  const keep = new URLSearchParams(current);
  const p = new URLSearchParams();
  for (const k of ['locale', 'theme']) {
    const v = keep.get(k);
    if (v) p.set(k, v);
  }
  p.set('view', route.view);
  if ('id' in route) p.set('id', route.id);
  if (route.view === 'search' && route.q) p.set('q', route.q);
  if (route.view === 'channel') p.set('feed', `${route.feed}:${route.id}`);
  return `/tab?${p.toString()}`;
}
