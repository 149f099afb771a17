import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { ConflictError } from '../errors.js';
import { notFound } from './references.js';
import { lossReasons } from './tables.js';

export type LossReasonRow = typeof lossReasons.$inferSelect;

const NAME_CONSTRAINT = 'loss_reasons_name_unique';

/** Lists loss reasons by name, with the inactive ones only when `includeInactive` is set. */
export function listLossReasons(db: Executor, includeInactive: boolean): Promise<LossReasonRow[]> {
  return db
    .select()
    .from(lossReasons)
    .where(includeInactive ? undefined : eq(lossReasons.active, true))
    .orderBy(asc(lossReasons.name), asc(lossReasons.id));
}

export async function createLossReason(db: Executor, name: string): Promise<LossReasonRow> {
  const [row] = await db
    .insert(lossReasons)
    .values({ name })
    .onConflictDoNothing({ target: lossReasons.name })
    .returning();
  if (!row) throw duplicateName(name, 'name');

  return row;
}

/** Renames, deactivates or reactivates a loss reason. Opportunities keep the reason they recorded. */
export async function updateLossReason(
  db: Executor,
  id: string,
  patch: { name?: string; active?: boolean },
): Promise<LossReasonRow> {
  try {
    const [row] = await db.update(lossReasons).set(patch).where(eq(lossReasons.id, id)).returning();
    if (!row) throw notFound('LossReason', 'loss reason', id);

    return row;
  } catch (error) {
    if (isUniqueViolation(error, NAME_CONSTRAINT)) {
      throw duplicateName(patch.name ?? '', 'input.name');
    }
    throw error;
  }
}

/** Builds the conflict of a taken loss reason name; `field` is its input path. */
function duplicateName(name: string, field: string): ConflictError {
  return new ConflictError(
    field,
    name,
    `a loss reason named "${name}" exists; pick another name or reactivate that reason`,
  );
}

/** Finds a PostgreSQL unique violation of `constraint`, also when Drizzle wrapped it. */
function isUniqueViolation(error: unknown, constraint: string): boolean {
  const cause = (error as { cause?: unknown } | null)?.cause ?? error;
  const details = cause as { code?: string; constraint_name?: string } | null;

  return details?.code === '23505' && details.constraint_name === constraint;
}
