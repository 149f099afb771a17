import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import type { Context, Viewer } from '../graphql/context.js';
import type { TaskRow } from './task-node.js';

/** Returns the authenticated caller, or raises UnauthenticatedError. */
export function viewerOf(context: Context): Viewer {
  if (!context.viewer) throw new UnauthenticatedError();

  return context.viewer;
}

/** Returns whether the viewer created the task or their linked employee is responsible for it. */
export function isOwnTask(viewer: Viewer, task: TaskRow): boolean {
  const created = task.creatorId === viewer.userId;
  const holds = viewer.employeeId !== null && task.responsibleId === viewer.employeeId;

  return created || holds;
}

/**
 * Raises ForbiddenError unless the viewer may change or respond to the task. Managers and admins
 * may act on any task, agents only on tasks they created or are responsible for. `action` is the
 * mutation name that the error reports.
 */
export function assertMayChangeTask(viewer: Viewer, task: TaskRow, action: string): void {
  if (viewer.role !== 'AGENT' || isOwnTask(viewer, task)) return;

  throw new ForbiddenError(
    action,
    'agents may act only on tasks they created or are responsible for, and this task is neither; ask its creator or a manager',
  );
}
