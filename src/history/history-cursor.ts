import { z } from 'zod';
import { ValidationError } from '../errors.js';

/** Position of an entry in a partner history: its exact instant, its kind and its record id. */
export interface HistoryCursor {
  /** UTC instant with microseconds, such as 2026-03-29T06:00:00.123456Z. */
  occurredAt: string;
  kind: string;
  id: string;
}

const cursorSchema = z.tuple([
  z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  z.string().regex(/^[A-Z_]+$/),
  z.uuid(),
]);

export function encodeHistoryCursor(cursor: HistoryCursor): string {
  const value = [cursor.occurredAt, cursor.kind, cursor.id];

  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Reads a cursor from `encodeHistoryCursor`; raises ValidationError naming `field` otherwise. */
export function decodeHistoryCursor(value: string, field: string): HistoryCursor {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString()));
    if (parsed.success) {
      const [occurredAt, kind, id] = parsed.data;

      return { occurredAt, kind, id };
    }
  } catch {
    // reported below
  }

  throw ValidationError.of(field, value, 'unknown cursor; pass a cursor from this history');
}
