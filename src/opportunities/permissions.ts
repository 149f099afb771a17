import { ForbiddenError } from '../errors.js';
import type { Viewer } from '../graphql/context.js';

export function isManager(viewer: Viewer): boolean {
  return viewer.role === 'MANAGER' || viewer.role === 'ADMIN';
}

/** Throws unless the viewer may change an opportunity owned by `ownerId`. */
export function assertMayChangeOpportunity(
  viewer: Viewer,
  ownerId: string | null,
  action: string,
): void {
  if (isManager(viewer)) return;

  assertLinkedEmployee(viewer, action);
  if (ownerId === viewer.employeeId) return;

  const owner = ownerId
    ? 'another employee owns this one; ask its owner or a manager'
    : 'this one has no owner; ask a manager to assign it to you';
  throw new ForbiddenError(action, `agents change only the opportunities they own, and ${owner}`);
}

/** Throws unless the viewer may make `ownerId` the owner of an opportunity. */
export function assertMayAssignOwner(viewer: Viewer, ownerId: string | null, action: string): void {
  if (isManager(viewer)) return;

  assertLinkedEmployee(viewer, action);
  if (ownerId !== viewer.employeeId) {
    throw new ForbiddenError(
      action,
      'agents own the opportunities they record; leave ownerId empty or pass your own employee id, or ask a manager',
    );
  }
}

function assertLinkedEmployee(viewer: Viewer, action: string): void {
  if (viewer.employeeId) return;

  throw new ForbiddenError(
    action,
    'your user is not linked to an employee, so it cannot own opportunities; ask an admin to link one',
  );
}
