import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Transaction } from '../db/client.js';
import { employees } from '../employees/tables.js';
import type { EventBus } from '../events/event-bus.js';
import { maskEmail } from '../logger.js';
import { queueEmail } from '../mail/outgoing/queue-email.js';
import { type MessageRow, postMessage, publishMessages } from '../messages/post-message.js';
import { opportunities, stageHistory } from '../opportunities/tables.js';
import { getSettings } from '../settings/service.js';
import { tasks } from '../tasks/tables.js';
import { planTaskEvents, publishTaskEvents, type TaskEvents } from '../tasks/task-events.js';
import {
  followUpEmail,
  followUpMessage,
  followUpTaskTitle,
  type FollowUpFacts,
} from './content.js';
import { followUps } from './tables.js';

export interface FollowUpServices {
  db: Database;
  events: EventBus;
  log: Logger;
}

export type FollowUpOutcome =
  'TASK_CREATED' | 'TASK_MOVED' | 'EMAIL_QUEUED' | 'UNCHANGED' | 'NO_FOLLOW_UP' | 'NO_DELEGATE';

interface Effects {
  taskEvents: TaskEvents | null;
  messages: MessageRow[];
}

type StageFacts = NonNullable<Awaited<ReturnType<typeof lockStage>>>;

/**
 * Applies the follow-up of a stage row: one task for a delegate who is a user, with the
 * follow-up date as deadline, or one email to a delegate who is not. The stage row stays locked
 * meanwhile, and `follow_ups` records the date applied, so a repeated job changes nothing and a
 * changed date moves the task's deadline (or emails the new date). The task's unique
 * `source_stage_id` keeps it to one task per stage row even without the lock.
 */
export async function applyFollowUp(
  services: FollowUpServices,
  stageId: string,
): Promise<FollowUpOutcome> {
  const effects: Effects = { taskEvents: null, messages: [] };
  const outcome = await services.db.transaction(async (tx) => {
    const stage = await lockStage(tx, stageId);
    if (!stage?.followUpAt) return 'NO_FOLLOW_UP';
    if (!stage.delegate) return 'NO_DELEGATE';

    const [applied] = await tx.select().from(followUps).where(eq(followUps.stageId, stageId));
    if (applied?.followUpAt.getTime() === stage.followUpAt.getTime()) return 'UNCHANGED';

    const facts = await factsOf(tx, stage, applied?.followUpAt ?? null);
    if (stage.delegate.userId) return upsertTask(tx, stage, facts, effects);

    return emailDelegate(tx, stage, facts, services.log);
  });

  if (effects.taskEvents) publishTaskEvents(services.events, effects.taskEvents);
  publishMessages(services.events, effects.messages);
  services.log.info({ stageId, outcome }, 'follow-up applied');

  return outcome;
}

async function lockStage(tx: Transaction, stageId: string) {
  const [row] = await tx
    .select({
      stage: stageHistory,
      opportunity: { title: opportunities.title, partnerId: opportunities.partnerId },
      delegate: { name: employees.name, email: employees.email, userId: employees.userId },
    })
    .from(stageHistory)
    .innerJoin(opportunities, eq(opportunities.id, stageHistory.opportunityId))
    .leftJoin(employees, eq(employees.id, stageHistory.delegateId))
    .where(eq(stageHistory.id, stageId))
    .for('no key update', { of: stageHistory });
  if (!row) return null;

  return { ...row.stage, opportunity: row.opportunity, delegate: row.delegate };
}

async function factsOf(
  tx: Transaction,
  stage: StageFacts,
  previousFollowUpAt: Date | null,
): Promise<FollowUpFacts> {
  const settings = await getSettings(tx);

  return {
    opportunityTitle: stage.opportunity.title,
    stage: stage.stage,
    notes: stage.notes,
    followUpAt: stage.followUpAt!,
    previousFollowUpAt,
    timeZone: settings.timeZone,
  };
}

async function upsertTask(
  tx: Transaction,
  stage: StageFacts,
  facts: FollowUpFacts,
  effects: Effects,
): Promise<FollowUpOutcome> {
  const [changed] = await tx
    .insert(tasks)
    .values({
      title: followUpTaskTitle(facts),
      description: stage.notes,
      beneficiaryId: stage.opportunity.partnerId,
      responsibleId: stage.delegateId,
      creatorId: stage.createdById,
      deadline: facts.followUpAt,
      sourceOpportunityId: stage.opportunityId,
      sourceStageId: stage.id,
    })
    .onConflictDoUpdate({
      target: tasks.sourceStageId,
      // NOTE: only the deadline follows the stage row; a delegate changed after the task was
      // made does not reassign it.
      set: { deadline: sql`excluded.deadline`, updatedAt: sql`now()` },
      setWhere: sql`${tasks.deadline} is distinct from excluded.deadline`,
    })
    .returning({ ...getTableColumns(tasks), inserted: sql<boolean>`xmax = 0` });
  const taskId = changed?.id ?? (await taskOfStage(tx, stage.id));
  await recordApplied(tx, stage.id, facts.followUpAt, { taskId });
  if (!changed) return 'UNCHANGED';

  const { inserted, ...task } = changed;
  // A new task has no previous responsible, so its responsible receives taskAssigned.
  const previousResponsibleId = inserted ? null : task.responsibleId;
  effects.taskEvents = await planTaskEvents(
    tx,
    task,
    inserted ? 'CREATED' : 'UPDATED',
    previousResponsibleId,
  );
  if (!inserted) return 'TASK_MOVED';

  const message = followUpMessage(facts);
  effects.messages.push(
    await postMessage(tx, {
      userId: stage.delegate!.userId!,
      kind: 'FOLLOW_UP_TASK',
      title: message.subject,
      body: message.body,
      relatedType: 'Task',
      relatedId: task.id,
    }),
  );

  return 'TASK_CREATED';
}

async function taskOfStage(tx: Transaction, stageId: string): Promise<string> {
  const [task] = await tx
    .select({ id: tasks.id })
    .from(tasks)
    .where(eq(tasks.sourceStageId, stageId));

  return task!.id;
}

async function emailDelegate(
  tx: Transaction,
  stage: StageFacts,
  facts: FollowUpFacts,
  log: Logger,
): Promise<FollowUpOutcome> {
  const address = stage.delegate!.email;
  if (!address) {
    log.warn(
      { stageId: stage.id, delegateId: stage.delegateId },
      'follow-up delegate has no email',
    );
    await recordApplied(tx, stage.id, facts.followUpAt, {});

    return 'NO_DELEGATE';
  }

  const text = followUpEmail(facts);
  // NOTE: without a default SMTP server queueEmail raises ValidationError and the job fails. After
  // the 5 runs of the default retry policy the delegate gets no email for this date.
  const email = await queueEmail(tx, {
    senderUserId: null,
    to: [address],
    subject: text.subject,
    text: text.body,
    headers: { 'Auto-Submitted': 'auto-generated' },
    related: { type: 'Opportunity', id: stage.opportunityId },
  });
  await recordApplied(tx, stage.id, facts.followUpAt, { emailId: email.id });
  log.info({ stageId: stage.id, emailId: email.id, to: maskEmail(address) }, 'follow-up emailed');

  return 'EMAIL_QUEUED';
}

async function recordApplied(
  tx: Transaction,
  stageId: string,
  followUpAt: Date,
  effect: { taskId?: string; emailId?: string },
): Promise<void> {
  await tx
    .insert(followUps)
    .values({ stageId, followUpAt, ...effect })
    .onConflictDoUpdate({
      target: followUps.stageId,
      set: { followUpAt, ...effect, updatedAt: sql`now()` },
    });
}
