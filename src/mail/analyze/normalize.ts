/**
 * Normalizes an address for matching: trims, removes `<>`, surrounding quotes (Outlook writes
 * 'addr') and a `mailto:` prefix, in any nesting, then lower-cases the whole address. Returns
 * null when the result has no `@` between a local part and a domain.
 */
export function normalizeAddress(raw: string | null | undefined): string | null {
  let value = (raw ?? '').trim();

  for (let previous = ''; previous !== value;) {
    previous = value;
    value = value
      .replace(/^mailto:/i, '')
      .replace(/^<(.*)>$/s, '$1')
      .replace(/^(['"])(.*)\1$/s, '$2')
      .trim();
  }
  value = value.toLowerCase();

  return /^[^@\s]+@[^@\s]+$/.test(value) ? value : null;
}

/** Returns the domain of a normalized address. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

/**
 * Returns the form used for Romanian search and comparison: the legacy cedilla letters
 * (ş ţ Ş Ţ), which windows-1250 and ISO-8859-2 carry, become the comma-below ones (ș ț Ș Ț).
 * The stored text keeps the letters as received.
 */
export function normalizeRomanian(text: string): string {
  return text.replace(/[şţŞŢ]/g, (char) => ({ ş: 'ș', ţ: 'ț', Ş: 'Ș', Ţ: 'Ț' })[char] ?? char);
}
