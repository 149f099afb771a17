import type { Transaction } from '../db/client.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { Viewer } from '../graphql/context.js';
import { assertMayChangeTask } from './task-permissions.js';
import { lockTask } from './task-references.js';
import { saveChanges, type TaskChangeResult } from './task-service.js';

/**
 * Marks a task resolved at `resolvedAt`.
 * NOTE: a billable task gets no estimate or invoice here yet, so `invoiced` stays false.
 */
export async function resolveTask(
  tx: Transaction,
  viewer: Viewer,
  id: string,
  resolvedAt: Date,
): Promise<TaskChangeResult> {
  const task = await lockTask(tx, id);
  assertMayChangeTask(viewer, task, 'resolveTask');
  if (task.status === 'RESOLVED') {
    throw new ConflictError(
      'status',
      task.status,
      `the task is already resolved (at ${task.resolvedAt?.toISOString()}); reopen it with reopenTask to resolve it again`,
    );
  }
  if (resolvedAt < task.registeredAt) {
    throw ValidationError.of(
      'resolvedAt',
      resolvedAt.toISOString(),
      `must not be before the task was registered (${task.registeredAt.toISOString()})`,
    );
  }

  return saveChanges(tx, task, { status: 'RESOLVED', resolvedAt }, 'RESOLVED');
}

export async function reopenTask(
  tx: Transaction,
  viewer: Viewer,
  id: string,
): Promise<TaskChangeResult> {
  const task = await lockTask(tx, id);
  assertMayChangeTask(viewer, task, 'reopenTask');
  if (task.status !== 'RESOLVED') {
    throw new ConflictError(
      'status',
      task.status,
      `the task is ${task.status}, not RESOLVED; only a resolved task can be reopened`,
    );
  }
  if (task.invoiced) {
    throw new ConflictError(
      'invoiced',
      'true',
      'the task is invoiced; cancel its invoice before reopening it',
    );
  }

  return saveChanges(tx, task, { status: 'OPEN', resolvedAt: null }, 'REOPENED');
}
