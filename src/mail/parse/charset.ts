import iconv from 'iconv-lite';

/**
 * Charsets never decoded from: UTF-7 can smuggle markup past filters that look for `<`, and
 * base64 and hex are transfer encodings, not charsets. Such text is read as UTF-8 instead.
 */
const REJECTED_CHARSET = /^(?:(?:cs)?unicode11)?utf7(?:imap)?$|^base64$|^hex$/;

const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });

function canonicalName(charset: string): string {
  return charset.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Decodes bytes in the named charset with iconv-lite, which also decodes ISO-8859-16 (Node's
 * TextDecoder rejects it). Unknown or rejected charsets fall back to UTF-8 with U+FFFD for
 * invalid bytes. A language suffix (`utf-8*ro`, RFC 2231) is ignored.
 */
export function decodeBytes(bytes: Uint8Array, charset: string | null | undefined): string {
  const name = (charset ?? '').split('*')[0]!.trim();
  const canonical = canonicalName(name);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  if (!canonical || canonical === 'utf8' || canonical === 'usascii' || canonical === 'ascii') {
    return buffer.toString('utf8');
  }
  if (REJECTED_CHARSET.test(canonical) || !iconv.encodingExists(name)) {
    return buffer.toString('utf8');
  }

  return iconv.decode(buffer, name);
}

/** Returns the text when the bytes are valid UTF-8, else null. */
export function decodeStrictUtf8(bytes: Uint8Array): string | null {
  try {
    return UTF8_STRICT.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes bytes that may be UTF-8 or a legacy single-byte charset: valid UTF-8 wins, otherwise
 * the fallback charset is used. Raw 8-bit headers and text exports without a BOM need this.
 */
export function decodeUtf8OrFallback(bytes: Uint8Array, fallbackCharset: string): string {
  return decodeStrictUtf8(bytes) ?? decodeBytes(bytes, fallbackCharset);
}
