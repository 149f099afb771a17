import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { tokens, users } from './tables.js';
import { issueToken } from './tokens.js';

export type TokenRow = typeof tokens.$inferSelect;

/**
 * Issues an API token for an active user. The plain token is returned once; only its SHA-256
 * hash is stored, so a lost token must be revoked and replaced.
 */
export async function createApiToken(db: Executor, userId: string, name: string) {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ active: users.active })
      .from(users)
      .where(eq(users.id, userId))
      .for('share');
    if (!user) throw new NotFoundError('user', userId, 'userId');
    if (!user.active) {
      throw new ConflictError(
        'userId',
        userId,
        'the user is deactivated and could not use the token; activate the user first',
      );
    }

    return issueToken(tx, userId, 'API', name.trim());
  });
}

/** Revokes an API token; revoking a revoked token keeps its first revocation time. */
export async function revokeApiToken(db: Executor, id: string): Promise<TokenRow> {
  const [row] = await db
    .update(tokens)
    .set({ revokedAt: sql`coalesce(${tokens.revokedAt}, now())` })
    .where(and(eq(tokens.id, id), eq(tokens.kind, 'API')))
    .returning();
  if (!row) throw new NotFoundError('API token', id);

  return row;
}
