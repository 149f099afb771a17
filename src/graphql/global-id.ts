import { z } from 'zod';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Decodes a Relay global id (base64 of `Typename:uuid`) into the uuid, or null when malformed. */
export function decodeGlobalId(value: string, typename: string): string | null {
  const [name, id, ...rest] = Buffer.from(value, 'base64').toString('utf8').split(':');
  if (name !== typename || !id || rest.length > 0 || !UUID.test(id)) return null;

  return id.toLowerCase();
}

/**
 * A zod schema for `validate` on ID arguments: it turns the global id of a `typename` node into
 * its uuid, so a malformed id or an id of another type becomes a ValidationError naming the field
 * instead of a database error.
 */
export function globalIdOf(typename: string) {
  return z.string().transform((value, context) => {
    const id = decodeGlobalId(value, typename);
    if (id) return id;

    context.addIssue({
      code: 'custom',
      // "a User" but "an Employee": the type names here that start with U sound like "you".
      message: `must be the id of ${/^[AEIO]/.test(typename) ? 'an' : 'a'} ${typename}, as its id field returns it`,
    });

    return z.NEVER;
  });
}
