import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { partners } from '../../partners/tables.js';
import { taskResponses, tasks } from '../../tasks/tables.js';
import { planTaskEvents, type TaskEvents } from '../../tasks/task-events.js';
import type { TaskRow } from '../../tasks/task-node.js';
import { excerptOf } from './email-values.js';
import type { CalendarSummary } from './tables.js';

/** Maximum length of a task title taken from a subject, in characters. */
const MAX_TITLE_CHARS = 200;

export interface EmailTaskInput {
  partnerId: string;
  subject: string;
  bodyText: string;
  calendar: CalendarSummary | null;
  /** The user who assigned the email by hand; null for the automatic import. */
  creatorId: string | null;
}

function titleOf(subject: string): string {
  const title = subject.replace(/\s+/g, ' ').trim();
  if (!title) return 'Email without subject';

  return title.length > MAX_TITLE_CHARS ? `${title.slice(0, MAX_TITLE_CHARS - 1)}…` : title;
}

/** Plans an invite's task from DTSTART to DTEND; a missing or earlier end uses the start. */
function scheduleOf(calendar: CalendarSummary | null) {
  const start = calendar?.start ? new Date(calendar.start) : null;
  const end = calendar?.end ? new Date(calendar.end) : null;
  if (!start) return { plannedStart: null, deadline: end };

  return { plannedStart: start, deadline: end && end >= start ? end : start };
}

/**
 * Selects who handles the partner's email: its sales representative, else its service
 * representative, else nobody (the task stays unassigned). It is a subquery of the task's
 * insert, so the import reads the partner without a statement of its own.
 */
function responsibleOf(partnerId: string) {
  return sql`(select coalesce(${partners.salesRepId}, ${partners.serviceRepId})
    from ${partners} where ${partners.id} = ${partnerId})`;
}

/**
 * Creates the task of an email on its partner: the subject as title, the text as description,
 * and for a calendar invite the event's start and end as planned start and deadline.
 */
export async function createEmailTask(
  db: Executor,
  input: EmailTaskInput,
): Promise<{ taskId: string; events: TaskEvents }> {
  const [task] = await db
    .insert(tasks)
    .values({
      title: titleOf(input.subject),
      description: input.bodyText,
      beneficiaryId: input.partnerId,
      responsibleId: responsibleOf(input.partnerId),
      creatorId: input.creatorId,
      ...scheduleOf(input.calendar),
    })
    .returning();

  return { taskId: task!.id, events: await planTaskEvents(db, task!, 'CREATED', null) };
}

/** A reply email to add to the thread of its task. */
export interface TaskReply {
  fromLabel: string;
  subject: string;
  bodyText: string;
  /** OUTGOING for mail a colleague sent from the company's own domains. */
  direction: 'INCOMING' | 'OUTGOING';
  /** When the reply was sent; null when the message has no usable date. */
  sentAt: Date | null;
}

/**
 * Returns whether a reply reopens its resolved task: only an incoming reply sent after the
 * resolution (or without a date) does, because an older message imported late and a colleague's
 * own reply bring no new request. An invoiced task is never reopened, since `reopenTask` requires
 * its invoice to be cancelled first.
 */
function reopens(task: TaskRow, reply: TaskReply): boolean {
  if (task.status !== 'RESOLVED' || task.invoiced) return false;
  if (reply.direction !== 'INCOMING') return false;

  return !reply.sentAt || !task.resolvedAt || reply.sentAt > task.resolvedAt;
}

/**
 * Adds a reply email to the thread of its task as a response without author, and notifies the
 * task's creator and responsible. A partner's reply to a resolved task reopens it (status OPEN,
 * resolved-at cleared, a REOPENED change) when `reopens` allows, so the request shows among the
 * responsible's open tasks again. Otherwise the task keeps its status and the change is
 * RESPONDED. Automatic replies never get here: the import decision keeps them off every task.
 */
export async function addReplyToTask(
  db: Executor,
  taskId: string,
  reply: TaskReply,
): Promise<TaskEvents | null> {
  const [task] = await db.select().from(tasks).where(eq(tasks.id, taskId)).for('update');
  if (!task) return null;

  const body = `Email from ${reply.fromLabel}: ${titleOf(reply.subject)}\n\n${excerptOf(reply.bodyText)}`;
  await db.insert(taskResponses).values({ taskId, authorId: null, body });
  if (!reopens(task, reply)) return planTaskEvents(db, task, 'RESPONDED', task.responsibleId);

  const [reopened] = await db
    .update(tasks)
    .set({ status: 'OPEN', resolvedAt: null, updatedAt: new Date() })
    .where(eq(tasks.id, taskId))
    .returning();

  return planTaskEvents(db, reopened!, 'REOPENED', task.responsibleId);
}
