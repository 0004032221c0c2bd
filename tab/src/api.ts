import type {
  CampaignView,
  CommentView,
  DeliveryReport,
  DepartmentView,
  FeedPage,
  GroupDetail,
  IncompleteColleague,
  ProfileGap,
  GroupSummary,
  LeaderboardView,
  Me,
  NewPost,
  OwnProfile,
  PeopleFound,
  PersonPage,
  PersonView,
  Post,
  PostSearchResults,
  ProfilePatch,
  PublicConfig,
  UploadedMedia,
} from './types.js';
import type { AnalyticsReport } from '../../core/analytics/report.js';

/** The departments whose news a team channel gets as cards (GET/PUT /api/channels/:channelId/follows). */
export interface ChannelFollows {
  channelId: string;
  departments: Array<{ id: string; name: string }>;
}

/** An answer of the API that is not a success: the server's code and (localized) message. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
    /** The language the server wrote `message` in (Content-Language). */
    readonly language?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Credentials {
  /** A Teams SSO token (production path), or undefined in development mode. */
  token(refresh?: boolean): Promise<string | undefined>;
  /** Development mode: the demo person to act as (x-ids-dev-user). */
  devUser(): string | undefined;
  /** Teams' language: the server answers errors in it. */
  locale(): 'nl' | 'en';
}

type Body = Record<string, unknown> | unknown[] | undefined;

/** The one typed client of the tab API. */
export function createApi(credentials: Credentials) {
  async function headers(refresh = false): Promise<Record<string, string>> {
    const h: Record<string, string> = { Accept: 'application/json', 'Accept-Language': credentials.locale() };
    const token = await credentials.token(refresh);
    if (token) h.Authorization = `Bearer ${token}`;
    const dev = credentials.devUser();
    if (!token && dev) h['x-ids-dev-user'] = dev;
    return h;
  }

  async function request<T>(method: string, path: string, body?: Body, retried = false): Promise<T> {
    let res: Response;
    try {
      const h = await headers(retried);
      if (body !== undefined) h['Content-Type'] = 'application/json';
      res = await fetch(`/api${path}`, {
        method,
        headers: h,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      if (err instanceof ApiError) throw err;
      throw new ApiError('network', String((err as Error)?.message ?? err), 0);
    }
    // A token that expired between Teams handing it out and the server reading it: ask once more.
    if (res.status === 401 && !retried && (await credentials.token())) return request<T>(method, path, body, true);
    if (res.status === 204) return undefined as T;
    const json = await res.json().catch(() => undefined);
    if (!res.ok) {
      const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
      throw new ApiError(
        error?.code ?? 'other',
        error?.message ?? res.statusText,
        res.status,
        error?.details,
        res.headers.get('content-language') ?? undefined,
      );
    }
    return json as T;
  }

  /** A file the API makes (CSV, the personal data archive), fetched with the person's token: its content and the name the server gives it. */
  async function download(path: string): Promise<{ blob: Blob; fileName: string }> {
    let res: Response;
    try {
      res = await fetch(`/api${path}`, { headers: { ...(await headers()), Accept: '*/*' } });
    } catch (err) {
      throw new ApiError('network', String((err as Error)?.message ?? err), 0);
    }
    if (!res.ok) {
      const json = (await res.json().catch(() => undefined)) as
        | { error?: { code?: string; message?: string } }
        | undefined;
      throw new ApiError(
        json?.error?.code ?? 'other',
        json?.error?.message ?? res.statusText,
        res.status,
        undefined,
        res.headers.get('content-language') ?? undefined,
      );
    }
    const disposition = res.headers.get('content-disposition') ?? '';
    const fileName = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? 'ids-download';
    return { blob: await res.blob(), fileName };
  }

  /** multipart upload with progress (fetch cannot report upload progress). */
  async function upload<T>(
    method: 'POST' | 'PUT',
    path: string,
    file: Blob,
    name: string,
    onProgress?: (fraction: number) => void,
  ): Promise<T> {
    const h = await headers();
    return new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, `/api${path}`);
      for (const [k, v] of Object.entries(h)) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress?.(e.loaded / e.total);
      };
      xhr.onerror = () => reject(new ApiError('network', 'upload failed', 0));
      xhr.onload = () => {
        let json: unknown;
        try {
          json = JSON.parse(xhr.responseText);
        } catch {
          json = undefined;
        }
        if (xhr.status >= 200 && xhr.status < 300) resolve(json as T);
        else {
          const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
          reject(
            new ApiError(
              error?.code ?? 'other',
              error?.message ?? '',
              xhr.status,
              error?.details,
              xhr.getResponseHeader('content-language') ?? undefined,
            ),
          );
        }
      };
      const form = new FormData();
      form.append('file', file, name);
      xhr.send(form);
    });
  }

  const q = (params: Record<string, string | number | undefined>) => {
    const s = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') s.set(k, String(v));
    const text = s.toString();
    return text ? `?${text}` : '';
  };

  return {
    me: () => request<Me>('GET', '/me'),
    updateProfile: (patch: ProfilePatch) =>
      request<{ person: PersonView; profile: OwnProfile }>('PATCH', '/me', patch as Body),
    setPhoto: (file: Blob, onProgress?: (f: number) => void) =>
      upload<{ photoUrl: string }>('PUT', '/me/photo', file, 'foto.jpg', onProgress),
    removePhoto: () => request<void>('DELETE', '/me/photo'),
    setNudges: (wanted: boolean) => request<{ wanted: boolean }>('PUT', '/me/nudges', { wanted }),
    leaderboard: () => request<LeaderboardView>('GET', '/departments/completeness'),
    startCampaign: (name?: string) => request<{ campaign: CampaignView }>('POST', '/campaigns', name ? { name } : {}),
    /** An ambassador's own department: who misses what (403 for anyone else). */
    incompleteInDepartment: (departmentId: string) =>
      request<{ people: IncompleteColleague[] }>('GET', `/departments/${departmentId}/incomplete`),
    /** Admins: who misses what only the organisation fills in (403 for anyone else). */
    profileGaps: () => request<{ people: ProfileGap[] }>('GET', '/profile-gaps'),
    endCampaign: () => request<{ campaign: CampaignView }>('POST', '/campaigns/current/end', {}),

    // The first page is short (it is drawn while the phone is busiest); later pages are full.
    feed: (cursor?: string) => request<FeedPage>('GET', `/feed${q({ cursor, limit: cursor ? 20 : 8 })}`),
    departmentFeed: (id: string, cursor?: string) =>
      request<FeedPage>('GET', `/departments/${id}/feed${q({ cursor })}`),
    groupFeed: (id: string, cursor?: string) => request<FeedPage>('GET', `/groups/${id}/feed${q({ cursor })}`),
    post: (id: string) => request<Post>('GET', `/posts/${id}`),
    createPost: (input: NewPost) => request<Post>('POST', '/posts', input as Body),
    setLike: (id: string, liked: boolean) =>
      request<{ liked: boolean; likeCount: number }>(liked ? 'PUT' : 'DELETE', `/posts/${id}/like`),
    acknowledge: (id: string) => request<{ acknowledgedAt: string }>('POST', `/posts/${id}/ack`),
    comments: (id: string) => request<{ comments: CommentView[] }>('GET', `/posts/${id}/comments`),
    addComment: (id: string, body: string, parentId?: string) =>
      request<CommentView>('POST', `/posts/${id}/comments`, parentId ? { body, parentId } : { body }),
    deliveryReport: (id: string) => request<DeliveryReport>('GET', `/posts/${id}/delivery`),
    deliveryCsv: (id: string, part: 'departments' | 'not-acknowledged') =>
      download(`/posts/${id}/delivery${q({ format: 'csv', part })}`),
    retryDeliveries: (id: string) => request<{ retried: number }>('POST', `/posts/${id}/delivery/retry`),
    channelFollows: (channelId: string) =>
      request<ChannelFollows>('GET', `/channels/${encodeURIComponent(channelId)}/follows`),
    setChannelFollows: (channelId: string, departmentIds: string[]) =>
      request<ChannelFollows>('PUT', `/channels/${encodeURIComponent(channelId)}/follows`, { departmentIds }),
    markAnswer: (id: string, commentId: string) => request<Post>('POST', `/posts/${id}/answer`, { commentId }),
    cardPreview: (input: NewPost & { locale: 'nl' | 'en' }) =>
      request<{ card: Record<string, unknown> }>('POST', '/posts/card-preview', input as Body),
    uploadMedia: (file: Blob, name: string, onProgress?: (f: number) => void) =>
      upload<UploadedMedia>('POST', '/media', file, name, onProgress),

    searchPeople: (query: string, department?: string, limit = 20) =>
      request<PeopleFound>('GET', `/people/search${q({ q: query, department, limit })}`),
    searchPosts: (query: string, limit = 10) =>
      request<PostSearchResults>('GET', `/posts/search${q({ q: query, limit })}`),
    person: (id: string) => request<PersonPage>('GET', `/people/${id}`),
    departments: () => request<{ departments: DepartmentView[] }>('GET', '/departments'),

    groups: () => request<{ groups: GroupSummary[] }>('GET', '/groups'),
    group: (id: string) => request<GroupDetail>('GET', `/groups/${id}`),
    groupAction: (id: string, verb: 'join' | 'leave' | 'follow' | 'unfollow') =>
      request<GroupSummary>('POST', `/groups/${id}/${verb}`),

    /** The engagement report (communicators and admins; 403 for others). */
    analytics: (params: { weeks?: number; departments?: string; sections?: string }) =>
      request<AnalyticsReport>('GET', `/analytics${q(params)}`),
    /** What the privacy page says about retention. */
    privacy: () => request<{ retentionDays: number; minGroup: number }>('GET', '/privacy'),
    /** The tab was opened: one engagement event (never in the way of anything). */
    tabOpened: () => request<void>('POST', '/events', { kind: 'tab_opened' }).catch(() => undefined),
    download,
  };
}

export type Api = ReturnType<typeof createApi>;

/**
 * The server's public configuration: development or SSO mode. The server puts it in the page
 * (no round trip); /api/config answers the same when the page came from elsewhere.
 */
export function inlineConfig(): PublicConfig | undefined {
  const text = document.getElementById('ids-config')?.textContent;
  try {
    return text ? (JSON.parse(text) as PublicConfig) : undefined;
  } catch {
    return undefined;
  }
}

export async function fetchConfig(): Promise<PublicConfig> {
  const inline = inlineConfig();
  if (inline) return inline;
  const res = await fetch('/api/config');
  if (!res.ok) throw new ApiError('other', res.statusText, res.status);
  return (await res.json()) as PublicConfig;
}
