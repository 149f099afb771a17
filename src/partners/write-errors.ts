import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { formatCui } from './cui.js';
import type { PartnerValues } from './partner-values.js';
import { partners } from './tables.js';

interface PostgresError {
  code: string;
  constraint_name?: string;
}

/** Finds the PostgreSQL error behind a Drizzle query error, which keeps it as `cause`. */
function postgresErrorOf(error: unknown): PostgresError | null {
  let current = error;
  for (let depth = 0; depth < 3 && current instanceof Error; depth += 1) {
    if (typeof (current as Partial<PostgresError>).code === 'string') {
      return current as unknown as PostgresError;
    }
    current = current.cause;
  }

  return null;
}

/**
 * Turns a failed partner write into the expected error it stands for: a taken tax id or external
 * id becomes a ConflictError naming the partner that has it, and a representative that does not
 * exist becomes a NotFoundError. Other errors are returned unchanged. The constraints decide,
 * rather than a read before the write, so two concurrent writes cannot both pass.
 */
export async function translateWriteError(
  db: Database,
  error: unknown,
  values: PartnerValues,
): Promise<unknown> {
  const failure = postgresErrorOf(error);
  if (failure?.code === '23505' && failure.constraint_name === 'partners_tax_id_idx') {
    return taxIdConflict(db, values);
  }
  if (failure?.code === '23505' && failure.constraint_name === 'partners_externalId_unique') {
    return externalIdConflict(db, values.externalId ?? '');
  }
  if (failure?.code === '23503' && failure.constraint_name?.startsWith('partners_sales_rep')) {
    return new NotFoundError(
      'employee',
      encodeGlobalID('Employee', values.salesRepId ?? ''),
      'input.salesRepId',
    );
  }
  if (failure?.code === '23503' && failure.constraint_name?.startsWith('partners_service_rep')) {
    return new NotFoundError(
      'employee',
      encodeGlobalID('Employee', values.serviceRepId ?? ''),
      'input.serviceRepId',
    );
  }

  return error;
}

async function taxIdConflict(db: Database, values: PartnerValues): Promise<ConflictError> {
  const digits = values.taxId?.digits ?? '';
  const [owner] = await db
    .select({ id: partners.id, name: partners.name })
    .from(partners)
    .where(eq(partners.taxId, digits));

  return new ConflictError(
    'input.taxId',
    values.taxId ? formatCui(values.taxId) : null,
    `tax id ${digits} already belongs to ${describePartner(owner)}; update that partner instead`,
  );
}

async function externalIdConflict(db: Database, externalId: string): Promise<ConflictError> {
  const [owner] = await db
    .select({ id: partners.id, name: partners.name })
    .from(partners)
    .where(eq(partners.externalId, externalId));

  return new ConflictError(
    'input.externalId',
    externalId,
    `external id ${externalId} already belongs to ${describePartner(owner)}; ` +
      'use upsertPartnerByExternalId to update it',
  );
}

function describePartner(owner: { id: string; name: string } | undefined): string {
  if (!owner) return 'another partner';

  return `partner "${owner.name}" (id ${encodeGlobalID('Partner', owner.id)})`;
}
