import { DrizzleQueryError } from 'drizzle-orm/errors';

/** Maximum length of a stored error text, in characters. */
const MAX_ERROR_CHARS = 500;

/**
 * Returns a short text of an error that is safe to store and print. A failed query becomes the
 * PostgreSQL message and SQLSTATE code only, because drizzle's own message carries the SQL text
 * and its parameters, which can hold message bodies and addresses. NUL characters are removed,
 * since PostgreSQL text cannot contain them, and the text is cut to 500 characters.
 */
export function errorText(error: unknown): string {
  let text: string;
  if (error instanceof DrizzleQueryError) {
    const cause = error.cause as { message?: string; code?: string } | undefined;
    const message = cause?.message ?? 'the database query failed';
    text = cause?.code ? `${message} (PostgreSQL code ${cause.code})` : message;
  } else {
    text = error instanceof Error ? error.message : String(error);
  }
  text = text.replaceAll('\u0000', '');

  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS - 1)}…` : text;
}

/**
 * Returns the error to rethrow past a layer that logs it: a failed query becomes a plain Error
 * with `errorText` as its message, so neither its message nor its cause carries the SQL text and
 * parameters. Any other error is returned as it is.
 */
export function reduceQueryError(error: unknown): unknown {
  if (!(error instanceof DrizzleQueryError)) return error;

  const safe = new Error(errorText(error));
  safe.stack = `${safe.name}: ${safe.message}`;

  return safe;
}
