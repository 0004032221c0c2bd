import type { NextFunction, Request, Response } from 'express';
import { createRemoteJWKSet, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import type { Config } from '../config/index.js';
import type { Actor } from '../core/actor.js';
import { AppError, unauthenticated, forbidden } from '../core/errors.js';
import { actorByAadObjectId, actorByEmail, firstCommunicator } from '../core/identity.js';
import type { Locale } from '../core/i18n.js';
import { requestLocale } from './locale.js';

export const DEV_USER_HEADER = 'x-ids-dev-user';
export const REQUIRED_SCOPE = 'access_as_user';

export interface SsoClaims extends JWTPayload {
  oid: string;
  tid: string;
  scp?: string;
  preferred_username?: string;
  upn?: string;
  email?: string;
  idp?: string;
}

/**
 * Verifies Teams SSO tokens (Entra ID v2): signature through the tenant's JWKS, issuer,
 * audience (the app registration's client id), expiry, tenant and the access_as_user scope.
 */
export function createSsoVerifier(config: Config) {
  const { tenantId, clientId, authority } = config.entra;
  if (!tenantId || !clientId) throw new Error('SSO needs ENTRA_TENANT_ID and ENTRA_CLIENT_ID');
  const remoteKeys = createRemoteJWKSet(new URL(`${authority}/${tenantId}/discovery/v2.0/keys`), {
    cooldownDuration: 30_000,
    timeoutDuration: 5_000,
  });
  // Failing to fetch the keys says nothing about the token: the person is not refused (401,
  // "sign in again"), they are told the sign-in service cannot be reached (503, try again).
  const keys: typeof remoteKeys = Object.assign(async (...args: Parameters<typeof remoteKeys>) => {
    try {
      return await remoteKeys(...args);
    } catch (err) {
      if (keysUnreachable(err)) throw signInUnreachable(err);
      throw err;
    }
  }, remoteKeys);
  const issuer = `${authority}/${tenantId}/v2.0`;
  return async function verify(token: string): Promise<SsoClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer,
        audience: clientId,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'oid', 'tid'],
        clockTolerance: 60,
      }));
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw unauthenticated(describeJoseError(err));
    }
    const claims = payload as SsoClaims;
    if (claims.tid !== tenantId) throw unauthenticated('The token is from another tenant.');
    const scopes = (claims.scp ?? '').split(' ');
    if (!scopes.includes(REQUIRED_SCOPE)) throw unauthenticated(`The token lacks the ${REQUIRED_SCOPE} scope.`);
    // Entra adds `idp` when the user signed in elsewhere (a guest, a personal account): guests
    // get no directory data, and their email claims vouch for nothing here.
    if (claims.idp && claims.idp !== `https://sts.windows.net/${tenantId}/`)
      throw forbidden({ key: 'error.auth.guest' });
    return claims;
  };
}

/** How long a client is asked to wait when Entra ID's signing keys cannot be fetched. */
export const SIGN_IN_RETRY_AFTER_SECONDS = 30;

/**
 * Whether fetching the signing keys failed (no answer, a timeout, an answer other than a key
 * set) rather than the token naming a key the set lacks.
 */
function keysUnreachable(err: unknown): boolean {
  return (
    err instanceof joseErrors.JWKSTimeout ||
    err instanceof joseErrors.JWKSInvalid ||
    // jose's plain JOSEError: "Expected 200 OK" or an answer that is not JSON.
    (err instanceof joseErrors.JOSEError && err.code === 'ERR_JOSE_GENERIC') ||
    // fetch() itself: refused, reset, unknown host.
    (err instanceof TypeError && err.message === 'fetch failed')
  );
}

function signInUnreachable(cause: unknown): AppError {
  const err = new AppError('auth_unavailable', { key: 'error.auth.signInUnreachable' }, 503, {
    retryAfterSeconds: SIGN_IN_RETRY_AFTER_SECONDS,
  });
  // For the log (an operator should hear that Entra ID cannot be reached), never for the answer.
  (err as Error).cause = cause;
  return err;
}

function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'The token has expired; get a new one from Teams.';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `The token is not for Ids (${err.claim}).`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature is not valid.';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'The token is not signed as Entra ID signs tokens.';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'The token was signed with an unknown key.';
  if (err instanceof joseErrors.JOSEError) return 'The token is not valid.';
  return 'The token could not be checked; try again.';
}

/**
 * Express middleware: puts the Actor on res.locals.actor. Production and SSO-configured
 * servers take only a bearer token; development mode (no SSO, not production) takes the
 * x-ids-dev-user header, or acts as the first demo communicator without one.
 */
export function authenticate(config: Config) {
  const verify = config.devAuth ? undefined : createSsoVerifier(config);
  return async function auth(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      // A person who never chose a language gets the one their browser asks for.
      const locale = requestLocale(req, config.defaultLocale);
      res.locals.actor = verify ? await actorFromToken(req, verify, locale) : await actorFromDevHeader(req, locale);
      next();
    } catch (err) {
      if (err instanceof AppError && err.code === 'auth_unavailable')
        res.set('Retry-After', String(SIGN_IN_RETRY_AFTER_SECONDS));
      next(err);
    }
  };
}

async function actorFromToken(req: Request, verify: (t: string) => Promise<SsoClaims>, locale: Locale): Promise<Actor> {
  const header = req.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthenticated('Send the Teams SSO token as "Authorization: Bearer <token>".');
  const claims = await verify(match[1]!);
  const vouched = claims.preferred_username ?? claims.upn ?? claims.email;
  const actor = await actorByAadObjectId(claims.oid, vouched, locale);
  if (!actor) throw forbidden({ key: 'error.auth.notInDirectory' });
  return actor;
}

async function actorFromDevHeader(req: Request, locale: Locale): Promise<Actor> {
  const email = req.get(DEV_USER_HEADER);
  if (email === undefined) {
    const actor = await firstCommunicator(locale);
    if (!actor) throw unauthenticated('No demo communicator exists; run "npm run seed" or send x-ids-dev-user.');
    return actor;
  }
  const actor = await actorByEmail(email, locale);
  if (!actor) throw unauthenticated(`No active person has the email given in ${DEV_USER_HEADER}.`);
  return actor;
}

export function actorOf(res: Response): Actor {
  const actor = res.locals.actor as Actor | undefined;
  if (!actor) throw unauthenticated();
  return actor;
}
