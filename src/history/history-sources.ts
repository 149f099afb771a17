import { type SQL, sql } from 'drizzle-orm';
import { attachments, files } from '../attachments/tables.js';
import { partnerRecords } from '../attachments/records.js';
import { outgoingEmailSource } from '../attachments/record-sources.js';
import { emailLog } from '../mail/outgoing/tables.js';
import { opportunities, stageHistory } from '../opportunities/tables.js';
import { partners } from '../partners/tables.js';
import { taskResponses, tasks } from '../tasks/tables.js';

/** Maximum length of a summary taken from free text (notes, bodies), in characters. */
export const SUMMARY_CHARS = 200;

/**
 * One kind of entry in a partner's history. `select` returns one row per entry with the columns
 * `occurred_at` (timestamptz, never null), `id` (uuid of the linked record), `title` and
 * `summary` (text). A new kind of record joins the timeline by adding a source here.
 */
export interface HistorySource {
  kind: string;
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
 * TODO: add emails received (the imported emails table) and the commercial documents (offers,
 * orders, contracts, invoices, payments) as sources once they are stored.
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
  fileAttached,
];
