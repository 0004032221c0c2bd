import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Activity, Attachment } from 'botbuilder';
import { MicrosoftAppCredentials } from 'botframework-connector';
import type { Config } from '../../config/index.js';
import { IMAGE_MAX_BYTES } from '../../core/media/detect.js';

/** Where an image that someone sent the bot can be fetched, and whether that takes the bot's token. */
export interface IncomingImage {
  readonly url: string;
  readonly name: string;
  /** Teams inline images (contentUrl on smba/botframework hosts) need the bot's token; file links are pre-authorised. */
  readonly withBotToken: boolean;
}

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
const IMAGE_FILE_TYPES = new Set(['jpg', 'jpeg', 'png', 'webp']);
/** Hosts the bot's token may be sent to: the Bot Connector and Teams' own services. */
// Anyone can register a name under trafficmanager.net, so only Teams' own service host there.
const TOKEN_HOSTS =
  /^smba\.trafficmanager\.net$|(^|\.)(botframework\.com|teams\.microsoft\.com|asm\.skype\.com|botframework\.azure\.us|teams\.microsoft\.us)$/i;

/** The first image attached to a message, if any. */
export function incomingImage(activity: Partial<Activity>): IncomingImage | undefined {
  for (const a of (activity.attachments ?? []) as Attachment[]) {
    if (a.contentType === FILE_DOWNLOAD_INFO) {
      const content = a.content as { downloadUrl?: string; fileType?: string } | undefined;
      if (content?.downloadUrl && IMAGE_FILE_TYPES.has((content.fileType ?? '').toLowerCase())) {
        return { url: content.downloadUrl, name: a.name ?? `foto.${content.fileType}`, withBotToken: false };
      }
    } else if (typeof a.contentType === 'string' && a.contentType.startsWith('image/') && a.contentUrl) {
      let host = '';
      try {
        host = new URL(a.contentUrl).hostname;
      } catch {
        continue;
      }
      return { url: a.contentUrl, name: a.name ?? 'foto.jpg', withBotToken: TOKEN_HOSTS.test(host) };
    }
  }
  return undefined;
}

export class DownloadError extends Error {
  constructor(readonly reason: 'too_large' | 'failed') {
    super(reason);
  }
}

/**
 * Fetches the image into `tempPath` (streamed: never the whole photo in memory) with a size limit
 * (10 MB) and a time limit. Only https (http only on this machine, for development and tests);
 * the bot's token goes only to Teams' own hosts. Settles once the file is closed, so the caller
 * can always remove it.
 */
export async function downloadImage(
  image: IncomingImage,
  config: Config,
  tempPath: string,
  opts: { timeoutMs?: number } = {},
): Promise<{ name: string; size: number }> {
  let url: URL;
  try {
    url = new URL(image.url);
  } catch {
    throw new DownloadError('failed');
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local && !config.production))
    throw new DownloadError('failed');
  const headers: Record<string, string> = {};
  if (image.withBotToken && config.bot.appId && config.bot.appPassword) {
    const credentials = new MicrosoftAppCredentials(config.bot.appId, config.bot.appPassword, config.bot.tenantId);
    headers.authorization = `Bearer ${await credentials.getToken()}`;
  }
  let res: Response;
  try {
    res = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000) });
  } catch {
    throw new DownloadError('failed');
  }
  if (!res.ok || !res.body) throw new DownloadError('failed');
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > IMAGE_MAX_BYTES) {
    await res.body.cancel();
    throw new DownloadError('too_large');
  }
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      done(size > IMAGE_MAX_BYTES ? new DownloadError('too_large') : null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>),
      limit,
      createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }),
    );
  } catch (err) {
    throw err instanceof DownloadError ? err : new DownloadError('failed');
  }
  return { name: image.name, size };
}
