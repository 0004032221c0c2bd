import { Router, type Response } from 'express';
import { z } from 'zod';
import type { ApiDeps } from './index.js';
import { parseInput } from './validate.js';
import { actorOf } from '../../server/auth.js';
import { idParams } from './schemas.js';
import { declaredBytes, receiveMultipartFile } from './multipart.js';
import { openMedia, openSignedMedia, type MediaDownload } from '../../core/media/media.js';
import { cardImageLifetimeSeconds, signedTabMediaUrl, verifyMediaToken } from '../../core/media/signed.js';
import { notFound } from '../../core/errors.js';

function send(res: Response, file: MediaDownload, cache: string): void {
  res.set({
    'Content-Type': file.contentType,
    'Content-Length': String(file.length),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': cache,
    // A document is always downloaded, never shown in the browser; an image may be shown.
    'Content-Disposition':
      file.kind === 'document' ? contentDisposition('attachment', file.name) : contentDisposition('inline', file.name),
    'Content-Security-Policy': "default-src 'none'; sandbox",
  });
  file.stream.on('error', () => res.destroy());
  file.stream.pipe(res);
}

function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Upload and download for signed-in people. */
export function mediaRouter(deps: ApiDeps): Router {
  const r = Router();

  r.post('/media', async (req, res) => {
    const actor = actorOf(res);
    const stored = await deps.services.uploads.accept(actor, (tempPath) => receiveMultipartFile(req, tempPath), {
      declaredBytes: declaredBytes(req),
    });
    const id = stored.id.toString();
    res.status(201).json({
      id,
      kind: stored.kind,
      name: stored.name,
      contentType: stored.contentType,
      size: stored.size,
      width: stored.width ?? null,
      height: stored.height ?? null,
      url: `/api/media/${id}`,
      thumbnailUrl: stored.thumbnailId ? `/api/media/${id}/thumbnail` : null,
      signedThumbnailUrl: stored.thumbnailId ? signedTabMediaUrl(deps.config, stored.thumbnailId) : null,
    });
  });

  r.get('/media/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    send(res, await openMedia(actorOf(res), id, 'original'), 'private, max-age=300');
  });

  r.get('/media/:id/thumbnail', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    send(res, await openMedia(actorOf(res), id, 'thumbnail'), 'private, max-age=300');
  });

  return r;
}

const tokenParams = z.object({ token: z.string().max(200) });

/** GET /api/m/:token — images behind a short-lived signed URL (Teams fetches card images without a token). */
export function signedMediaRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/m/:token', async (req, res) => {
    const { token } = parseInput(tokenParams, req.params);
    const fileId = verifyMediaToken(token, deps.config.mediaUrlSecret, {
      maxLifetimeSeconds: cardImageLifetimeSeconds(deps.config),
    });
    if (!fileId) throw notFound('This link has expired or is not valid.');
    send(res, await openSignedMedia(fileId), 'private, max-age=600');
  });
  return r;
}
