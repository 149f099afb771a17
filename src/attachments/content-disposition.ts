/**
 * Builds a Content-Disposition header that makes browsers download the file instead of showing
 * it. `filename` carries an ASCII fallback and `filename*` the exact UTF-8 name (RFC 6266 with
 * the RFC 8187 encoding), so quotes, backslashes and non-ASCII letters cannot break the header.
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );

  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
