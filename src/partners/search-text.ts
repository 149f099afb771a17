/**
 * Folds text for search: lower case, diacritics removed, runs of white space made one space.
 * Canonical decomposition (NFD) splits ă, â, î, ș and ț (comma below, U+0219 and U+021B) and the
 * cedilla look-alikes ş and ţ (U+015F and U+0163) into a base letter and a combining mark.
 * Dropping the marks folds every spelling of a Romanian name to the same ASCII.
 */
export function foldSearchText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Escapes the LIKE wildcards `%` and `_` (and the escape character) in user text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** Builds an ILIKE pattern matching folded text that contains `text` anywhere. */
export function containsPattern(text: string): string {
  return `%${escapeLike(foldSearchText(text))}%`;
}
