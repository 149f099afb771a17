import { encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { NotFoundError } from '../errors.js';

const REFERENCED = {
  Partner: { table: 'partners', entity: 'partner' },
  Employee: { table: 'employees', entity: 'employee' },
  Campaign: { table: 'campaigns', entity: 'campaign' },
  LossReason: { table: 'loss_reasons', entity: 'loss reason' },
} as const;

/** A row an input refers to: the node type, the input field and the row's uuid. */
export interface Reference {
  typename: keyof typeof REFERENCED;
  field: string;
  id: string | null | undefined;
}

/** A NotFoundError that shows the global id the client sent rather than the database uuid. */
export function notFound(typename: string, entity: string, id: string, field = 'id') {
  return new NotFoundError(entity, encodeGlobalID(typename, id), field);
}

/**
 * Throws NotFoundError for the first reference whose row does not exist. All references are
 * checked in one statement, and absent ids (null or undefined) are skipped.
 */
export async function assertReferencesExist(db: Executor, references: Reference[]): Promise<void> {
  const present = references.filter(
    (reference): reference is Reference & { id: string } => typeof reference.id === 'string',
  );
  if (present.length === 0) return;

  const checks = present.map((reference, index) => {
    const table = sql.identifier(REFERENCED[reference.typename].table);

    return sql`exists(select 1 from ${table} where id = ${reference.id}::uuid) as ${sql.identifier(`ref${index}`)}`;
  });
  const [row] = (await db.execute(sql`select ${sql.join(checks, sql`, `)}`)) as unknown as Record<
    string,
    boolean
  >[];

  present.forEach((reference, index) => {
    if (row?.[`ref${index}`]) return;

    const { entity } = REFERENCED[reference.typename];
    throw notFound(reference.typename, entity, reference.id, reference.field);
  });
}
