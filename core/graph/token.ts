/**
 * An app-only access token for Microsoft Graph: the OAuth 2.0 client-credentials grant, one plain
 * POST to the tenant's token endpoint (msal-node refuses http authorities and discovers instances
 * online, which a local stand-in cannot serve). Cached until two minutes before it expires;
 * callers at the same moment share one request. Meant for every Graph caller in Ids (the Entra ID
 * sync, installing the app for people), so there is one token per process.
 */
export interface ClientCredentials {
  /** https://login.microsoftonline.com (a stand-in in tests). */
  readonly authority: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Default: Graph's own, https://graph.microsoft.com/.default (the app's granted permissions). */
  readonly scope?: string;
  readonly timeoutMs?: number;
}

export interface AccessTokens {
  /** A valid token, fetched when none is cached. */
  get(): Promise<string>;
  /** Forget the cached token (after Graph answered 401 to it). */
  invalidate(): void;
}

/** Entra refused the credentials (a wrong secret, an app without consent), or could not be reached. */
export class TokenError extends Error {
  constructor(
    message: string,
    /** The OAuth error ("invalid_client", "unauthorized_client") or the HTTP status; "network" when unreachable. */
    readonly code: string,
    /** Worth retrying later (a 5xx, a timeout), as opposed to a configuration fault. */
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

/** Renewed this long before Entra says it expires, so no request goes out with a token about to lapse. */
const EARLY_RENEWAL_S = 120;

export function clientCredentialsTokens(credentials: ClientCredentials): AccessTokens {
  const url = `${credentials.authority.replace(/\/+$/, '')}/${encodeURIComponent(credentials.tenantId)}/oauth2/v2.0/token`;
  let cached: { value: string; until: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
          scope: credentials.scope ?? 'https://graph.microsoft.com/.default',
          grant_type: 'client_credentials',
        }),
        signal: AbortSignal.timeout(credentials.timeoutMs ?? 15_000),
      });
    } catch (err) {
      throw new TokenError(`Entra ID did not answer: ${(err as Error).message}`, 'network', true);
    }
    const body = (await res.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number | string;
      error?: string;
      error_description?: string;
    };
    if (!res.ok || !body.access_token) {
      const code = body.error ?? String(res.status);
      // error_description names the tenant and app but never the secret.
      const why = body.error_description?.split('\n')[0] ?? `HTTP ${res.status}`;
      throw new TokenError(`Entra ID refused the app's credentials (${code}): ${why}`, code, res.status >= 500);
    }
    const seconds = Number(body.expires_in ?? 3600);
    cached = {
      value: body.access_token,
      until: Date.now() + Math.max(60, (Number.isFinite(seconds) ? seconds : 3600) - EARLY_RENEWAL_S) * 1000,
    };
    return body.access_token;
  }

  return {
    get() {
      if (cached && cached.until > Date.now()) return Promise.resolve(cached.value);
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
