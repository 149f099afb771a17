import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { employees } from '../employees/tables.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Role } from '../graphql/context.js';
import { hashPassword } from './passwords.js';
import { tokens, users } from './tables.js';

export type UserRow = typeof users.$inferSelect;

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
  /** Employee to link to the new user; it must not be linked to another user. */
  employeeId?: string | null;
}

export interface UserChanges {
  name?: string | null;
  role?: Role | null;
  active?: boolean | null;
}

/** Normalizes an email address for storage and lookup, as login does. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates a user, optionally linked to an employee; a taken email is a ConflictError. */
export async function createUser(db: Executor, user: NewUser): Promise<UserRow> {
  const email = normalizeEmail(user.email);
  const passwordHash = await hashPassword(user.password);

  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ email, name: user.name.trim(), role: user.role, passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (!row) {
      throw new ConflictError(
        'email',
        email,
        `a user with email ${email} already exists; use another email or update that user`,
      );
    }
    if (user.employeeId) await linkEmployee(tx, row.id, user.employeeId);

    return row;
  });
}

/**
 * Changes a user's name, role or active flag. Deactivating revokes all of the user's tokens.
 * The last active admin can be neither deactivated nor demoted, so the service keeps an admin.
 */
export async function updateUser(db: Executor, id: string, changes: UserChanges) {
  return db.transaction(async (tx) => {
    const removesAdmin = (changes.role && changes.role !== 'ADMIN') || changes.active === false;
    if (removesAdmin) await ensureAnotherActiveAdmin(tx, id, changes);

    const [row] = await tx
      .update(users)
      .set({
        ...(changes.name ? { name: changes.name.trim() } : {}),
        ...(changes.role ? { role: changes.role } : {}),
        ...(typeof changes.active === 'boolean' ? { active: changes.active } : {}),
      })
      .where(eq(users.id, id))
      .returning();
    if (!row) throw new NotFoundError('user', id);
    if (changes.active === false) await revokeTokens(tx, id);

    return row;
  });
}

/**
 * Locks the active admins in id order, so concurrent demotions queue instead of deadlocking,
 * then rejects the change when the user is the only one left.
 */
async function ensureAnotherActiveAdmin(tx: Executor, id: string, changes: UserChanges) {
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'ADMIN'), eq(users.active, true)))
    .orderBy(asc(users.id))
    .for('update');
  if (!admins.some((admin) => admin.id === id) || admins.length > 1) return;

  const field = changes.active === false ? 'active' : 'role';
  throw new ConflictError(
    field,
    String(changes[field]),
    'this user is the last active admin; make another user admin first',
  );
}

/**
 * Replaces a user's password and revokes the user's sessions, except `keepTokenId` (the
 * caller's own session). API tokens stay valid because integrations do not use the password.
 */
export async function setUserPassword(
  db: Executor,
  id: string,
  password: string,
  keepTokenId: string | null = null,
): Promise<UserRow> {
  const passwordHash = await hashPassword(password);

  return db.transaction(async (tx) => {
    const [row] = await tx.update(users).set({ passwordHash }).where(eq(users.id, id)).returning();
    if (!row) throw new NotFoundError('user', id);

    await tx
      .update(tokens)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(tokens.userId, id),
          eq(tokens.kind, 'SESSION'),
          isNull(tokens.revokedAt),
          keepTokenId ? ne(tokens.id, keepTokenId) : undefined,
        ),
      );

    return row;
  });
}

/** Links a user to an employee, or unlinks it when `employeeId` is null. */
export async function linkUserToEmployee(
  db: Executor,
  userId: string,
  employeeId: string | null,
): Promise<UserRow> {
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!user) throw new NotFoundError('user', userId, 'userId');

    if (employeeId) {
      await linkEmployee(tx, userId, employeeId);
    } else {
      await tx.update(employees).set({ userId: null }).where(eq(employees.userId, userId));
    }

    return user;
  });
}

/** Moves the user's employee link to `employeeId`; an employee linked elsewhere is a conflict. */
async function linkEmployee(tx: Executor, userId: string, employeeId: string): Promise<void> {
  const [employee] = await tx
    .select({ id: employees.id, name: employees.name, userId: employees.userId })
    .from(employees)
    .where(eq(employees.id, employeeId))
    .for('update');
  if (!employee) throw new NotFoundError('employee', employeeId, 'employeeId');
  if (employee.userId && employee.userId !== userId) {
    throw new ConflictError(
      'employeeId',
      employeeId,
      `employee ${employee.name} is already linked to another user; unlink that user first`,
    );
  }

  await tx
    .update(employees)
    .set({ userId: null })
    .where(and(eq(employees.userId, userId), ne(employees.id, employeeId)));
  await tx.update(employees).set({ userId }).where(eq(employees.id, employeeId));
}

/** Revokes every session and API token of a user that is still valid. */
export async function revokeTokens(tx: Executor, userId: string): Promise<void> {
  await tx
    .update(tokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(tokens.userId, userId), isNull(tokens.revokedAt)));
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)));

  return row ?? null;
}
