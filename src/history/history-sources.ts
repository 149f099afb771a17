import { type SQL, sql } from 'drizzle-orm';
import { attachments, files } from '../attachments/tables.js';
import { partnerRecords } from '../attachments/records.js';
import { importedEmailSource, outgoingEmailSource } from '../attachments/record-sources.js';
import { importedEmails } from '../mail/import/tables.js';
import { emailLog } from '../mail/outgoing/tables.js';
import { opportunities, stageHistory } from '../opportunities/tables.js';
import { partners } from '../partners/tables.js';
import { taskResponses, tasks } from '../tasks/tables.js';

/** Maximum length of a summary taken from free text (notes, bodies), in characters. */
export const SUMMARY_CHARS = 200;

/**
 * One table's entries in a partner's history. `select` returns one row per entry with the columns
 * `occurred_at` (timestamptz, never null), `id` (uuid of the linked record), `title` and
 * `summary` (text). A new kind of record joins the timeline by adding a source here. Several
 * sources may share a kind: emails sent from the log and imported copies of sent emails do.
 */
export interface HistorySource {
  kind: string;
  /** Description of the kind for the schema; the first source of a kind provides it. */
  description: string;
  /** GraphQL type of the record an entry links to. */
  typename: string;
  select(partnerId: SQL): SQL;
}

const excerpt = (text: SQL) => sql`left(${text}, ${sql.raw(String(SUMMARY_CHARS))})`;

const partnerCreated: HistorySource = {
  kind: 'PARTNER_CREATED',
  description: 'The partner was recorded.',
  typename: 'Partner',
  select: (partnerId) => sql`select p.created_at as occurred_at, p.id, p.name as title,
      case when p.is_lead then 'Lead recorded' else 'Partner recorded' end as summary
    from ${partners} p where p.id = ${partnerId}`,
};

const becameCustomer: HistorySource = {
  kind: 'BECAME_CUSTOMER',
  description: 'The partner became a customer (the lead-to-customer transition).',
  typename: 'Partner',
  select: (partnerId) => sql`select p.customer_since as occurred_at, p.id, p.name as title,
      'Became a customer' as summary
    from ${partners} p where p.id = ${partnerId} and p.customer_since is not null`,
};

const opportunityCreated: HistorySource = {
  kind: 'OPPORTUNITY_CREATED',
  description: 'An opportunity was recorded.',
  typename: 'Opportunity',
  select: (partnerId) => sql`select o.created_at as occurred_at, o.id, o.title,
      'Opportunity recorded, value ' || o.value::text as summary
    from ${opportunities} o where o.partner_id = ${partnerId}`,
};

// The first stage row of an opportunity is written with it, so OPPORTUNITY_CREATED covers it.
const stageChanged: HistorySource = {
  kind: 'STAGE_CHANGED',
  description: 'An opportunity moved to another stage.',
  typename: 'OpportunityStage',
  select: (partnerId) => sql`select s.entered_at as occurred_at, s.id, o.title,
      'Stage ' || s.stage::text || coalesce(': ' || ${excerpt(sql`s.notes`)}, '') as summary
    from ${stageHistory} s join ${opportunities} o on o.id = s.opportunity_id
    where o.partner_id = ${partnerId} and exists (
      select 1 from ${stageHistory} prior where prior.opportunity_id = s.opportunity_id
        and (prior.entered_at, prior.id) < (s.entered_at, s.id))`,
};

const taskCreated: HistorySource = {
  kind: 'TASK_CREATED',
  description: 'A task was registered for the partner.',
  typename: 'Task',
  select: (partnerId) => sql`select t.registered_at as occurred_at, t.id, t.title,
      coalesce(${excerpt(sql`t.description`)}, 'Task registered') as summary
    from ${tasks} t where t.beneficiary_id = ${partnerId}`,
};

const taskResolved: HistorySource = {
  kind: 'TASK_RESOLVED',
  description: 'A task for the partner was resolved.',
  typename: 'Task',
  select: (partnerId) => sql`select t.resolved_at as occurred_at, t.id, t.title,
      'Task resolved' as summary
    from ${tasks} t where t.beneficiary_id = ${partnerId} and t.resolved_at is not null`,
};

const taskResponse: HistorySource = {
  kind: 'TASK_RESPONSE',
  description: "A response was added to a task's thread.",
  typename: 'TaskResponse',
  select: (partnerId) => sql`select r.created_at as occurred_at, r.id, t.title,
      ${excerpt(sql`r.body`)} as summary
    from ${taskResponses} r join ${tasks} t on t.id = r.task_id
    where t.beneficiary_id = ${partnerId}`,
};

const emailSent: HistorySource = {
  kind: 'EMAIL_SENT',
  description: 'An email about the partner, its opportunities or tasks went out.',
  typename: 'EmailLogEntry',
  select: (partnerId) => sql`select e.queued_at as occurred_at, e.id, e.subject as title,
      'Email ' || lower(e.status::text) || ' to ' || array_to_string(e.to_addresses, ', ')
        as summary
    from ${emailLog} e where e.id in (${outgoingEmailSource.idsOfPartner(partnerId)})`,
};

/** When an imported email happened: its Date header, else when it was imported. */
const importedAt = sql`coalesce(i.sent_at, i.imported_at)`;

const emailReceived: HistorySource = {
  kind: 'EMAIL_RECEIVED',
  description: 'An email from the partner was imported from a file or a mailbox.',
  typename: 'ImportedEmail',
  select: (partnerId) => sql`select ${importedAt} as occurred_at, i.id,
      coalesce(nullif(i.subject, ''), '(no subject)') as title,
      'Email from ' || coalesce(i.from_address, 'an unknown sender') as summary
    from ${importedEmails} i
    where i.id in (${importedEmailSource.idsOfPartner(partnerId)})
      and i.direction is distinct from 'OUTGOING'`,
};

// A copy of an email this server sent (read back from a Sent folder) is already in the log.
const importedEmailSent: HistorySource = {
  kind: 'EMAIL_SENT',
  description: 'An email about the partner, its opportunities or tasks went out.',
  typename: 'ImportedEmail',
  select: (partnerId) => sql`select ${importedAt} as occurred_at, i.id,
      coalesce(nullif(i.subject, ''), '(no subject)') as title,
      'Email sent, copy imported from a file or a mailbox' as summary
    from ${importedEmails} i
    where i.id in (${importedEmailSource.idsOfPartner(partnerId)})
      and i.direction = 'OUTGOING'
      and not exists (select 1 from ${emailLog} e where e.message_id = i.message_id)`,
};

const fileAttached: HistorySource = {
  kind: 'FILE_ATTACHED',
  description: 'A file was attached to the partner or to one of its records.',
  typename: 'Attachment',
  select: (partnerId) => sql`select a.attached_at as occurred_at, a.id, f.filename as title,
      'File attached to the ' || lower(a.record_type::text) as summary
    from ${attachments} a join ${files} f on f.id = a.file_id
    where (a.record_type, a.record_id) in (${partnerRecords(partnerId)})`,
};

/**
 * Every source of the partner timeline.
 * TODO: add the commercial documents (offers, orders, contracts, invoices, payments) as sources
 * once they are stored.
 */
export const HISTORY_SOURCES: readonly HistorySource[] = [
  partnerCreated,
  becameCustomer,
  opportunityCreated,
  stageChanged,
  taskCreated,
  taskResolved,
  taskResponse,
  emailSent,
  emailReceived,
  importedEmailSent,
  fileAttached,
];
