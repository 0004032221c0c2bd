import type { RequestHandler } from 'express';
import type { Config } from '../config/index.js';
import { AppError } from '../core/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing API requests that a page on another site could make a browser send:
 * the tab calls the API from its own origin, so a browser's Sec-Fetch-Site must say
 * same-origin (or, from browsers too old to send it, Origin must be ours), and a body must be
 * JSON or multipart, which a cross-site form cannot send as JSON and a plain-text post is not.
 * Requests from outside a browser (no Sec-Fetch-Site, no Origin) are judged by their credentials
 * alone. This matters most in development mode, where a request needs no credential at all.
 */
export function sameOriginWrites(config: Config): RequestHandler {
  const publicOrigin = new URL(config.publicUrl).origin;
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    const site = req.get('sec-fetch-site');
    const origin = req.get('origin');
    const crossSite =
      site !== undefined
        ? site !== 'same-origin'
        : origin !== undefined && origin !== publicOrigin && origin !== `${req.protocol}://${req.get('host')}`;
    if (crossSite) {
      next(new AppError('forbidden', 'Requests from another site are refused.', 403));
      return;
    }
    // A like or a delete has no body; any body there is must be JSON or multipart.
    const hasBody = req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
    if (hasBody && !req.is(['application/json', 'application/*+json', 'multipart/form-data'])) {
      next(
        new AppError(
          'unsupported_media_type',
          'Send the body as application/json (multipart/form-data for uploads).',
          415,
        ),
      );
      return;
    }
    next();
  };
}
