/** What the server asks of an image worker (image-worker.ts) and what it answers. */
export interface ImageJob {
  readonly id: number;
  readonly inPath: string;
  /** The re-encoded image goes here, in the type the content was detected as. */
  readonly outPath: string;
  /** The JPEG thumbnail goes here. */
  readonly thumbPath: string;
  readonly contentType: string;
  readonly thumbnailPx: number;
}

export type ImageJobResult =
  | { readonly id: number; readonly ok: true; readonly width: number; readonly height: number }
  /** The file could not be decoded as the image it claims to be. */
  | { readonly id: number; readonly ok: false };
