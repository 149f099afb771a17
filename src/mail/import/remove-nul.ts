/**
 * Returns a copy of a parsed value with every NUL character (U+0000) removed from its strings,
 * at any depth, because PostgreSQL text and jsonb cannot store it. Buffers, dates and other
 * class instances are kept as they are.
 */
export function removeNulCharacters<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '') as T;
  if (Array.isArray(value)) return value.map((item: unknown) => removeNulCharacters(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;

  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[removeNulCharacters(key)] = removeNulCharacters(item);

  return copy as T;
}
