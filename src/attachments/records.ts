import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { RECORD_SOURCES, RECORD_TYPES, type RecordType } from './record-sources.js';

/** A record that files can be attached to. */
export interface RecordRef {
  type: RecordType;
  id: string;
}

export interface RecordSummary extends RecordRef {
  /** GraphQL type name of the record, such as `Partner` or `EmailLogEntry`. */
  typename: string;
  /** A display title: the partner's name, the task's title, the email's subject. */
  title: string;
  /** The partner the record belongs to, or null when it belongs to none. */
  partnerId: string | null;
}

export function recordKey(ref: RecordRef): string {
  return `${ref.type}:${ref.id}`;
}

/**
 * Looks up many records of any types in one statement. Every source takes part with its own id
 * array, empty or not, so the SQL text is the same for every call. Returns summaries by
 * `recordKey`; records that do not exist are absent.
 */
export async function findRecords(
  db: Executor,
  refs: readonly RecordRef[],
): Promise<Map<string, RecordSummary>> {
  const found = new Map<string, RecordSummary>();
  if (refs.length === 0) return found;

  const rows = await db.execute<{
    record_type: RecordType;
    typename: string;
    id: string;
    title: string;
    partner_id: string | null;
  }>(sql.join(selectEachSource(refs), sql` union all `));

  for (const row of rows) {
    const summary = {
      type: row.record_type,
      id: row.id,
      typename: row.typename,
      title: row.title,
      partnerId: row.partner_id,
    };
    found.set(recordKey(summary), summary);
  }

  return found;
}

function selectEachSource(refs: readonly RecordRef[]): SQL[] {
  return RECORD_TYPES.flatMap((type) => {
    const ids = [...new Set(refs.filter((ref) => ref.type === type).map((ref) => ref.id))];

    return RECORD_SOURCES[type].map(
      (source) => sql`select ${type}::text as record_type, ${source.typename}::text as typename,
        r.id, r.title, r.partner_id
        from (${source.byIds(sql`${sql.param(ids)}::uuid[]`)}) r`,
    );
  });
}

/** Returns the record, or raises NotFoundError naming `field` when it does not exist. */
export async function findRecordOrThrow(
  db: Executor,
  ref: RecordRef,
  field = 'recordId',
): Promise<RecordSummary> {
  if (RECORD_SOURCES[ref.type].length === 0) {
    throw ValidationError.of(
      'recordType',
      ref.type,
      `this server stores no ${ref.type} records yet, so nothing can be attached to one; attach the file to a partner, opportunity, task or email`,
    );
  }

  const record = (await findRecords(db, [ref])).get(recordKey(ref));
  if (!record) throw new NotFoundError(ref.type.toLowerCase(), ref.id, field);

  return record;
}

/**
 * Selects `record_type` (an attachment_record_type) and `id` of every record that belongs to the
 * partner: the partner itself, its opportunities and tasks, and the emails about any of them.
 */
export function partnerRecords(partnerId: SQL): SQL {
  const branches = RECORD_TYPES.flatMap((type) =>
    RECORD_SOURCES[type].map(
      (source) =>
        sql`select ${type}::attachment_record_type as record_type, r.id
          from (${source.idsOfPartner(partnerId)}) r`,
    ),
  );

  return sql.join(branches, sql` union all `);
}
