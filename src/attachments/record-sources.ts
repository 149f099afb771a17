import { type SQL, sql } from 'drizzle-orm';
import { importedEmails } from '../mail/import/tables.js';
import { emailLog } from '../mail/outgoing/tables.js';
import { opportunities } from '../opportunities/tables.js';
import { partners } from '../partners/tables.js';
import { tasks } from '../tasks/tables.js';
import { recordTypeEnum } from './tables.js';

export type RecordType = (typeof recordTypeEnum.enumValues)[number];

export const RECORD_TYPES: readonly RecordType[] = recordTypeEnum.enumValues;

/** One table whose rows are records of a record type. */
export interface RecordSource {
  /** GraphQL type name of the rows, as their global ids carry it. */
  typename: string;
  /** Selects `id`, `title` and `partner_id` of the rows whose id is in `ids` (a uuid[]). */
  byIds(ids: SQL): SQL;
  /** Selects the `id` of every row that belongs to the partner. */
  idsOfPartner(partnerId: SQL): SQL;
}

const partnerSource: RecordSource = {
  typename: 'Partner',
  byIds: (ids) => sql`select ${partners.id} as id, ${partners.name} as title,
    ${partners.id} as partner_id from ${partners} where ${partners.id} = any(${ids})`,
  idsOfPartner: (partnerId) => sql`select ${partnerId}::uuid as id`,
};

const opportunitySource: RecordSource = {
  typename: 'Opportunity',
  byIds: (ids) => sql`select ${opportunities.id} as id, ${opportunities.title} as title,
    ${opportunities.partnerId} as partner_id
    from ${opportunities} where ${opportunities.id} = any(${ids})`,
  idsOfPartner: (partnerId) =>
    sql`select ${opportunities.id} as id from ${opportunities}
      where ${opportunities.partnerId} = ${partnerId}`,
};

const taskSource: RecordSource = {
  typename: 'Task',
  byIds: (ids) => sql`select ${tasks.id} as id, ${tasks.title} as title,
    ${tasks.beneficiaryId} as partner_id from ${tasks} where ${tasks.id} = any(${ids})`,
  idsOfPartner: (partnerId) =>
    sql`select ${tasks.id} as id from ${tasks} where ${tasks.beneficiaryId} = ${partnerId}`,
};

/**
 * The partner an outgoing email is about: the partner itself, or the partner of the opportunity
 * or task it is about. Emails about other records, or about none, belong to no partner.
 */
const emailPartnerId = sql`case ${emailLog.relatedType}
    when 'Partner' then ${emailLog.relatedId}
    when 'Opportunity' then (select o.partner_id from ${opportunities} o
      where o.id = ${emailLog.relatedId})
    when 'Task' then (select t.beneficiary_id from ${tasks} t where t.id = ${emailLog.relatedId})
  end`;

/** Outgoing emails from the email log. */
export const outgoingEmailSource: RecordSource = {
  typename: 'EmailLogEntry',
  byIds: (ids) => sql`select ${emailLog.id} as id, ${emailLog.subject} as title,
    ${emailPartnerId} as partner_id from ${emailLog} where ${emailLog.id} = any(${ids})`,
  idsOfPartner: (partnerId) => sql`select ${emailLog.id} as id from ${emailLog}
    where (${emailLog.relatedType} = 'Partner' and ${emailLog.relatedId} = ${partnerId})
      or (${emailLog.relatedType} = 'Opportunity' and ${emailLog.relatedId} in (
        select o.id from ${opportunities} o where o.partner_id = ${partnerId}))
      or (${emailLog.relatedType} = 'Task' and ${emailLog.relatedId} in (
        select t.id from ${tasks} t where t.beneficiary_id = ${partnerId}))`,
};

/** Imported emails that count as a partner's: matched to it, and neither duplicates nor failures. */
export const importedEmailSource: RecordSource = {
  typename: 'ImportedEmail',
  byIds: (ids) => sql`select ${importedEmails.id} as id,
    coalesce(nullif(${importedEmails.subject}, ''), '(no subject)') as title,
    ${importedEmails.partnerId} as partner_id
    from ${importedEmails} where ${importedEmails.id} = any(${ids})`,
  idsOfPartner: (partnerId) => sql`select ${importedEmails.id} as id from ${importedEmails}
    where ${importedEmails.partnerId} = ${partnerId}
      and ${importedEmails.status} not in ('DUPLICATE', 'FAILED')`,
};

/**
 * The tables behind each record type. A record type with several tables (EMAIL) looks its ids
 * up in all of them; uuids do not repeat across tables.
 */
export const RECORD_SOURCES: Record<RecordType, RecordSource[]> = {
  PARTNER: [partnerSource],
  OPPORTUNITY: [opportunitySource],
  TASK: [taskSource],
  EMAIL: [outgoingEmailSource, importedEmailSource],
  // TODO: add the commercial documents (offers, orders, contracts, invoices) once they exist.
  DOCUMENT: [],
};
