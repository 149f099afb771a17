import type { Executor } from '../db/client.js';
import { employees } from '../employees/tables.js';
import type { EventBus } from '../events/event-bus.js';
import { anyOf } from '../graphql/pagination.js';
import type { TaskRow } from './task-node.js';

export type TaskChange = 'CREATED' | 'UPDATED' | 'ASSIGNED' | 'RESOLVED' | 'REOPENED' | 'RESPONDED';

/** The events one task change sends, computed inside the transaction and published after it. */
export interface TaskEvents {
  taskId: string;
  change: TaskChange;
  /** Users whose linked employee has just become responsible for the task. */
  assignedUserIds: string[];
  /** Users who created the task or whose employee is responsible for it, before or after. */
  updatedUserIds: string[];
}

function distinct(ids: (string | null | undefined)[]): string[] {
  return [...new Set(ids.filter((id): id is string => Boolean(id)))];
}

/**
 * Computes the users who receive events for a change to `task`. An employee without a linked
 * user gets none, because subscriptions belong to users. `previousResponsibleId` is the
 * responsible before the change.
 */
export async function planTaskEvents(
  db: Executor,
  task: TaskRow,
  change: TaskChange,
  previousResponsibleId: string | null,
): Promise<TaskEvents> {
  const employeeIds = distinct([task.responsibleId, previousResponsibleId]);
  const linked =
    employeeIds.length === 0
      ? []
      : await db
          .select({ id: employees.id, userId: employees.userId })
          .from(employees)
          .where(anyOf(employees.id, employeeIds));
  const userOf = (employeeId: string | null) =>
    linked.find((row) => row.id === employeeId)?.userId ?? null;

  const holder = userOf(task.responsibleId);
  const newlyHeld = task.responsibleId !== null && task.responsibleId !== previousResponsibleId;

  return {
    taskId: task.id,
    change,
    assignedUserIds: newlyHeld ? distinct([holder]) : [],
    updatedUserIds:
      change === 'CREATED' ? [] : distinct([task.creatorId, holder, userOf(previousResponsibleId)]),
  };
}

/** Publishes the planned events. Call it only after the transaction has committed. */
export function publishTaskEvents(bus: EventBus, events: TaskEvents): void {
  for (const userId of events.assignedUserIds) {
    bus.publish('taskAssigned', { userId, taskId: events.taskId });
  }
  for (const userId of events.updatedUserIds) {
    bus.publish('taskUpdated', { userId, taskId: events.taskId, change: events.change });
  }
}
