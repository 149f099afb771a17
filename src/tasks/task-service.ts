import { eq } from 'drizzle-orm';
import type { Transaction } from '../db/client.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { Viewer } from '../graphql/context.js';
import { tasks } from './tables.js';
import { planTaskEvents, type TaskChange, type TaskEvents } from './task-events.js';
import type { TaskRow } from './task-node.js';
import { assertMayChangeTask } from './task-permissions.js';
import {
  assertEmployeeExists,
  assertTaskReferences,
  lockTask,
  partnerOfOpportunity,
} from './task-references.js';

export type NewTaskValues = Omit<
  typeof tasks.$inferInsert,
  'id' | 'creatorId' | 'status' | 'resolvedAt' | 'createdAt' | 'updatedAt'
>;

export type TaskUpdateValues = Partial<
  Pick<
    NewTaskValues,
    | 'title'
    | 'description'
    | 'beneficiaryId'
    | 'responsibleId'
    | 'deadline'
    | 'plannedStart'
    | 'estimatedHours'
    | 'billable'
    | 'invoiced'
  > & { status: TaskRow['status'] }
>;

/** A changed task with the events to publish once its transaction commits. */
export interface TaskChangeResult {
  task: TaskRow;
  events: TaskEvents;
}

async function insertTask(tx: Transaction, viewer: Viewer, values: NewTaskValues) {
  const [task] = await tx
    .insert(tasks)
    .values({ ...values, creatorId: viewer.userId })
    .returning();

  return { task: task!, events: await planTaskEvents(tx, task!, 'CREATED', null) };
}

/**
 * Returns the responsible of a new task: the one given, or the creator's own employee when the
 * input left the field out. An explicit null keeps the task without a responsible.
 */
function responsibleOf(viewer: Viewer, responsibleId: string | null | undefined): string | null {
  return responsibleId === undefined ? viewer.employeeId : responsibleId;
}

export async function createTask(
  tx: Transaction,
  viewer: Viewer,
  values: NewTaskValues,
): Promise<TaskChangeResult> {
  await assertTaskReferences(tx, values, 'input');

  return insertTask(tx, viewer, {
    ...values,
    responsibleId: responsibleOf(viewer, values.responsibleId),
  });
}

/** Creates a task whose beneficiary is the given partner or the partner of the opportunity. */
export async function createTaskFromContext(
  tx: Transaction,
  viewer: Viewer,
  context: { opportunityId?: string | null; partnerId?: string | null },
  values: Omit<NewTaskValues, 'beneficiaryId' | 'sourceOpportunityId'>,
): Promise<TaskChangeResult> {
  const beneficiaryId = context.opportunityId
    ? await partnerOfOpportunity(tx, context.opportunityId, 'input.opportunityId')
    : context.partnerId!;
  const checked = context.opportunityId ? {} : { beneficiaryId };
  await assertTaskReferences(tx, { ...checked, responsibleId: values.responsibleId }, 'input');

  return insertTask(tx, viewer, {
    ...values,
    responsibleId: responsibleOf(viewer, values.responsibleId),
    beneficiaryId,
    sourceOpportunityId: context.opportunityId ?? null,
  });
}

/** Rejects a deadline before the planned start once the changes are applied to the task. */
function assertSchedule(task: TaskRow, changes: TaskUpdateValues): void {
  const deadline = changes.deadline === undefined ? task.deadline : changes.deadline;
  const plannedStart =
    changes.plannedStart === undefined ? task.plannedStart : changes.plannedStart;
  if (!deadline || !plannedStart || deadline >= plannedStart) return;

  const field = changes.deadline === undefined ? 'plannedStart' : 'deadline';
  const other = field === 'deadline' ? plannedStart : deadline;
  throw ValidationError.of(
    `input.${field}`,
    (field === 'deadline' ? deadline : plannedStart).toISOString(),
    field === 'deadline'
      ? `must not be before the planned start (${other.toISOString()}); move the deadline later`
      : `must not be after the deadline (${other.toISOString()}); move the planned start earlier`,
  );
}

/** Writes changes to a locked task and plans the events they send. */
export async function saveChanges(
  tx: Transaction,
  task: TaskRow,
  changes: Partial<typeof tasks.$inferInsert>,
  change: TaskChange,
): Promise<TaskChangeResult> {
  const [updated] = await tx
    .update(tasks)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(tasks.id, task.id))
    .returning();

  return { task: updated!, events: await planTaskEvents(tx, updated!, change, task.responsibleId) };
}

export async function updateTask(
  tx: Transaction,
  viewer: Viewer,
  id: string,
  changes: TaskUpdateValues,
): Promise<TaskChangeResult> {
  const task = await lockTask(tx, id);
  assertMayChangeTask(viewer, task, 'updateTask');
  if (changes.status && task.status === 'RESOLVED') {
    throw new ConflictError(
      'input.status',
      changes.status,
      'the task is resolved; reopen it with reopenTask before changing its status',
    );
  }
  assertSchedule(task, changes);
  await assertTaskReferences(tx, changes, 'input');

  const reassigned =
    changes.responsibleId !== undefined && changes.responsibleId !== task.responsibleId;

  return saveChanges(tx, task, changes, reassigned ? 'ASSIGNED' : 'UPDATED');
}

export async function assignTask(
  tx: Transaction,
  viewer: Viewer,
  id: string,
  responsibleId: string,
): Promise<TaskChangeResult> {
  const task = await lockTask(tx, id);
  assertMayChangeTask(viewer, task, 'assignTask');
  await assertEmployeeExists(tx, responsibleId, 'responsibleId');

  return saveChanges(tx, task, { responsibleId }, 'ASSIGNED');
}
