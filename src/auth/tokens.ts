import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { employees } from '../employees/tables.js';
import type { Viewer } from '../graphql/context.js';
import { anyOf } from '../graphql/pagination.js';
import { tokens, users } from './tables.js';

const SESSION_LIFETIME_MS = 30 * 24 * 3600 * 1000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a token for a user; the plain token is returned once and only its hash is stored. */
export async function issueToken(
  db: Executor,
  userId: string,
  kind: 'SESSION' | 'API',
  name: string | null = null,
) {
  const token = `crm_${kind === 'SESSION' ? 's' : 'a'}_${randomBytes(32).toString('base64url')}`;
  const expiresAt = kind === 'SESSION' ? new Date(Date.now() + SESSION_LIFETIME_MS) : null;
  const [row] = await db
    .insert(tokens)
    .values({ userId, kind, name, tokenHash: hashToken(token), expiresAt })
    .returning();

  return { token, record: row! };
}

/** The condition under which a token still authenticates: not revoked, not expired, user active. */
const tokenIsValid = and(
  isNull(tokens.revokedAt),
  eq(users.active, true),
  or(isNull(tokens.expiresAt), gt(tokens.expiresAt, sql`now()`)),
);

/** Resolves a bearer token to its viewer in one statement, or null when unknown or revoked. */
export async function authenticate(db: Executor, token: string): Promise<Viewer | null> {
  const [row] = await db
    .select({
      userId: users.id,
      role: users.role,
      tokenId: tokens.id,
      employeeId: employees.id,
    })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .leftJoin(employees, eq(employees.userId, users.id))
    .where(and(eq(tokens.tokenHash, hashToken(token)), tokenIsValid))
    .limit(1);

  return row ? { ...row, employeeId: row.employeeId ?? null } : null;
}

/**
 * Returns which of the token ids still authenticate, in one statement. Subscriptions use it
 * because they authenticate only once, when they start.
 */
export async function validTokenIds(
  db: Executor,
  tokenIds: readonly string[],
): Promise<Set<string>> {
  const rows = await db
    .select({ id: tokens.id })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(and(anyOf(tokens.id, [...new Set(tokenIds)]), tokenIsValid));

  return new Set(rows.map((row) => row.id));
}

export function bearerToken(header: string | null | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)$/i);

  return match?.[1] ?? null;
}
