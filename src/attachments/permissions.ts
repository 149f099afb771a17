import { ForbiddenError } from '../errors.js';
import type { Viewer } from '../graphql/context.js';
import type { RecordRef } from './records.js';

function isManager(viewer: Viewer): boolean {
  return viewer.role === 'MANAGER' || viewer.role === 'ADMIN';
}

/**
 * Returns whether the viewer may read a record and so download its attachments. Every role
 * reads every partner, opportunity, task and email today; a rule that narrows reading goes here.
 */
export function mayReadRecord(_viewer: Viewer, _record: RecordRef): boolean {
  return true;
}

/** Raises ForbiddenError unless the viewer attached the file or is a manager or admin. */
export function assertMayDetach(viewer: Viewer, attachedById: string | null): void {
  if (isManager(viewer) || attachedById === viewer.userId) return;

  throw new ForbiddenError(
    'detachAttachment',
    'agents may detach only the files they attached, and another user attached this one; ask a manager',
  );
}

/** Raises ForbiddenError unless the viewer created the dossier or is a manager or admin. */
export function assertMayRenameDossier(viewer: Viewer, createdById: string | null): void {
  if (isManager(viewer) || createdById === viewer.userId) return;

  throw new ForbiddenError(
    'renameDossier',
    'agents may rename only the dossiers they created, and another user created this one; ask a manager',
  );
}
