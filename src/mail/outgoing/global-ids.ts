import { decodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DecodedId {
  typename: string;
  id: string;
}

/** Decodes a Relay global id whose id part is a uuid; returns null when it is malformed. */
export function decodeRecordId(value: string): DecodedId | null {
  try {
    const decoded = decodeGlobalID(value);

    return UUID.test(decoded.id)
      ? { typename: decoded.typename, id: decoded.id.toLowerCase() }
      : null;
  } catch {
    return null;
  }
}

/**
 * Builds a zod schema for ID inputs that turns a global id into its type name and uuid. A
 * malformed id, or one of another type than `typename` when given, becomes a ValidationError.
 */
export function recordIdRule(typename?: string) {
  return z.string().transform((value, context) => {
    const decoded = decodeRecordId(value);
    if (decoded && (!typename || decoded.typename === typename)) return decoded;

    context.addIssue({
      code: 'custom',
      message: typename
        ? `must be the id of a ${typename}, as its id field returns it`
        : 'must be the id of a record, as its id field returns it',
    });

    return z.NEVER;
  });
}
