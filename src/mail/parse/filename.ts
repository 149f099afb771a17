/** Maximum file name length in UTF-8 bytes, the common file-system limit. */
export const MAX_FILENAME_BYTES = 255;

// C0 and C1 controls, DEL, and the bidirectional overrides that can disguise an extension
// ("invoice\u202Efdp.exe" displays as "invoiceexe.pdf").
const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Characters Windows rejects in names; replaced so the name survives a copy to any disk.
const RESERVED_CHARS = /[<>:"|?*]/g;
const RESERVED_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

const EXTENSION_BY_TYPE: Record<string, string> = {
  'message/rfc822': '.eml',
  'text/calendar': '.ics',
  'application/ics': '.ics',
  'application/pdf': '.pdf',
  'text/plain': '.txt',
  'text/html': '.html',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
};

function truncateUtf8(name: string, maxBytes: number): string {
  const extension = /\.[^.\s]{1,16}$/.exec(name)?.[0] ?? '';
  const stem = name.slice(0, name.length - extension.length);
  const budget = maxBytes - Buffer.byteLength(extension);
  let kept = '';
  for (const char of stem) {
    if (Buffer.byteLength(kept + char) > budget) break;
    kept += char;
  }

  return kept + extension;
}

/** Returns the fallback name for a part without a usable name, such as `attachment-2.pdf`. */
export function fallbackFilename(contentType: string, position: number): string {
  const stem = contentType === 'message/rfc822' ? 'forwarded-message' : 'attachment';

  return `${stem}-${position}${EXTENSION_BY_TYPE[contentType] ?? '.bin'}`;
}

/**
 * Makes an untrusted attachment name safe to store. Only the last path segment is kept, so `../`,
 * absolute paths and backslashes cannot leave the target folder. Control and bidi characters go,
 * characters Windows rejects become `_`, dots and spaces at the ends are trimmed, and the length
 * is bounded to 255 UTF-8 bytes keeping the extension. Returns `fallback` when nothing is left.
 */
export function sanitizeFilename(raw: string | null | undefined, fallback: string): string {
  if (!raw) return fallback;

  const lastSegment = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = lastSegment
    .replace(CONTROL_OR_BIDI, '')
    .replace(RESERVED_CHARS, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');

  if (RESERVED_DEVICE.test(name)) name = `_${name}`;
  name = truncateUtf8(name, MAX_FILENAME_BYTES);

  return name || fallback;
}
