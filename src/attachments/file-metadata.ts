import { sanitizeFilename } from '../mail/parse/filename.js';

/** The name a stored file gets when the client sent none, or nothing usable was left of it. */
export const FALLBACK_FILENAME = 'file';

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

// RFC 9110 token characters on both sides of the slash; parameters such as charset are dropped.
const MEDIA_TYPE = /^[a-z0-9!#$%&'*+.^_`|~-]+\/[a-z0-9!#$%&'*+.^_`|~-]+$/;

/**
 * Returns a file name that is safe to store and to send back in Content-Disposition: the last
 * path segment only, without control or bidi characters, at most 255 UTF-8 bytes. The name is
 * metadata only; the store never builds a path from it.
 */
export function toStoredFilename(raw: string | null | undefined): string {
  return sanitizeFilename(raw, FALLBACK_FILENAME);
}

/** Returns the lower-case `type/subtype` of a Content-Type value, or application/octet-stream. */
export function toStoredContentType(raw: string | null | undefined): string {
  const essence = (raw ?? '').split(';')[0]!.trim().toLowerCase();

  return MEDIA_TYPE.test(essence) ? essence : DEFAULT_CONTENT_TYPE;
}

/** Formats a byte count for messages, such as `25 MiB` or `1536 bytes`. */
export function formatBytes(bytes: number): string {
  const mebibytes = bytes / (1024 * 1024);
  if (Number.isInteger(mebibytes)) return `${mebibytes} MiB`;

  const kibibytes = bytes / 1024;
  if (Number.isInteger(kibibytes)) return `${kibibytes} KiB`;

  return `${bytes} bytes`;
}
