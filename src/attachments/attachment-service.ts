import { eq } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { NotFoundError } from '../errors.js';
import type { Viewer } from '../graphql/context.js';
import { moduleLogger } from '../logger.js';
import {
  type AttachmentRow,
  checkAttachTarget,
  findDossierOrThrow,
  insertAttachment,
} from './attach.js';
import type { BlobLike } from './blob-folder.js';
import type { FileStore } from './file-store.js';
import { assertMayDetach } from './permissions.js';
import type { RecordType } from './record-sources.js';
import { attachments } from './tables.js';

const log = moduleLogger('attachments');

export interface UploadInput {
  recordType: RecordType;
  recordId: string;
  file: BlobLike & { name: string; type: string };
  dossierId: string | null;
}

/**
 * Stores an uploaded file and attaches it, in one transaction. The record and the dossier are
 * checked first, so a request naming a missing record writes nothing to the store.
 */
export function uploadAttachment(
  db: Database,
  store: FileStore,
  viewer: Viewer,
  input: UploadInput,
): Promise<AttachmentRow> {
  return db.transaction(async (tx) => {
    await checkAttachTarget(tx, input);
    const file = await store.storeFile(tx, {
      blob: input.file,
      filename: input.file.name,
      contentType: input.file.type,
      createdById: viewer.userId,
    });
    const row = await insertAttachment(tx, {
      ...input,
      fileId: file.id,
      attachedById: viewer.userId,
    });

    return { ...row, file };
  });
}

async function lockAttachmentOrThrow(db: Executor, id: string, field: string) {
  const [row] = await db.select().from(attachments).where(eq(attachments.id, id)).for('update');
  if (!row) throw new NotFoundError('attachment', id, field);

  return row;
}

/**
 * Removes an attachment; the stored file stays, since other attachments may share it. Agents
 * may remove only the attachments they made.
 */
export function detachAttachment(db: Database, viewer: Viewer, id: string): Promise<string> {
  return db.transaction(async (tx) => {
    const row = await lockAttachmentOrThrow(tx, id, 'id');
    assertMayDetach(viewer, row.attachedById);
    await tx.delete(attachments).where(eq(attachments.id, id));
    log.info({ attachmentId: id, userId: viewer.userId }, 'attachment detached');

    return id;
  });
}

/** Files an attachment into a dossier, or takes it out of its dossier when `dossierId` is null. */
export function fileAttachment(
  db: Database,
  attachmentId: string,
  dossierId: string | null,
): Promise<AttachmentRow> {
  return db.transaction(async (tx) => {
    if (dossierId) await findDossierOrThrow(tx, dossierId);
    const [row] = await tx
      .update(attachments)
      .set({ dossierId })
      .where(eq(attachments.id, attachmentId))
      .returning();
    if (!row) throw new NotFoundError('attachment', attachmentId, 'attachmentId');

    return row;
  });
}
