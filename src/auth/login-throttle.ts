import { and, count, eq, gt, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { ForbiddenError } from '../errors.js';
import { loginFailures } from './tables.js';

/** Failed logins allowed per email address within the window; further logins are rejected. */
export const MAX_LOGIN_FAILURES = 10;
export const LOGIN_FAILURE_WINDOW_MINUTES = 15;

const windowStart = sql`now() - make_interval(mins => ${LOGIN_FAILURE_WINDOW_MINUTES})`;

/** Rejects the login while the address has too many recent failures, correct password or not. */
export async function assertLoginAllowed(db: Executor, email: string): Promise<void> {
  const [row] = await db
    .select({ failures: count() })
    .from(loginFailures)
    .where(and(eq(loginFailures.email, email), gt(loginFailures.failedAt, windowStart)));
  if ((row?.failures ?? 0) >= MAX_LOGIN_FAILURES) {
    throw new ForbiddenError(
      'login',
      `too many failed logins for this account; wait ${LOGIN_FAILURE_WINDOW_MINUTES} minutes or ask an admin to set a new password`,
    );
  }
}

export async function recordLoginFailure(db: Executor, email: string): Promise<void> {
  await db.insert(loginFailures).values({ email });
  await db.delete(loginFailures).where(lt(loginFailures.failedAt, windowStart));
}

export async function clearLoginFailures(db: Executor, email: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.email, email));
}
