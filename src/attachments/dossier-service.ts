import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Viewer } from '../graphql/context.js';
import { moduleLogger } from '../logger.js';
import { isUniqueViolation } from '../mail/outgoing/unique-violation.js';
import type { DossierRow } from './dossier-node.js';
import { assertMayRenameDossier } from './permissions.js';
import { dossiers } from './tables.js';

const log = moduleLogger('dossiers');

const NAME_INDEX = 'dossiers_name_lower_idx';

/** Builds the conflict of a taken dossier name; `field` is its input path. */
function nameTaken(name: string, field: string): ConflictError {
  return new ConflictError(
    field,
    name,
    `a dossier named "${name}" already exists (names ignore case); choose another name or file into that dossier`,
  );
}

export async function createDossier(
  db: Database,
  viewer: Viewer,
  input: { name: string; description: string | null },
): Promise<DossierRow> {
  const [row] = await db
    .insert(dossiers)
    .values({ ...input, createdById: viewer.userId })
    .onConflictDoNothing()
    .returning();
  if (!row) throw nameTaken(input.name, 'input.name');
  log.info({ dossierId: row.id, userId: viewer.userId }, 'dossier created');

  return row;
}

/** Renames a dossier; agents may rename only the dossiers they created. */
export function renameDossier(
  db: Database,
  viewer: Viewer,
  id: string,
  name: string,
): Promise<DossierRow> {
  return db.transaction(async (tx) => {
    const [dossier] = await tx.select().from(dossiers).where(eq(dossiers.id, id)).for('update');
    if (!dossier) throw new NotFoundError('dossier', id);
    assertMayRenameDossier(viewer, dossier.createdById);

    try {
      const [row] = await tx
        .update(dossiers)
        .set({ name, updatedAt: sql`now()` })
        .where(eq(dossiers.id, id))
        .returning();

      return row!;
    } catch (error) {
      if (isUniqueViolation(error, NAME_INDEX)) throw nameTaken(name, 'name');
      throw error;
    }
  });
}
