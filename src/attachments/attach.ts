import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { moduleLogger } from '../logger.js';
import type { RecordType } from './record-sources.js';
import { findRecordOrThrow } from './records.js';
import { attachments, dossiers } from './tables.js';

const log = moduleLogger('attachments');

export type AttachmentRow = typeof attachments.$inferSelect;

export interface AttachInput {
  /** A file from `FileStore.storeFile`. */
  fileId: string;
  recordType: RecordType;
  recordId: string;
  /** The user who attached the file; null for files the system attached, such as on import. */
  attachedById?: string | null;
  /** The dossier to file the attachment into, if any. */
  dossierId?: string | null;
}

/**
 * Attaches a stored file to a record. Raises NotFoundError when the record or the dossier does
 * not exist, and ConflictError when the file is already attached to that record. Permissions
 * are the caller's to check.
 */
export async function attach(tx: Executor, input: AttachInput): Promise<AttachmentRow> {
  await checkAttachTarget(tx, input);

  return insertAttachment(tx, input);
}

/** Raises NotFoundError unless the record and the dossier (when given) exist. */
export async function checkAttachTarget(
  db: Executor,
  target: Pick<AttachInput, 'recordType' | 'recordId' | 'dossierId'>,
): Promise<void> {
  await findRecordOrThrow(db, { type: target.recordType, id: target.recordId });
  if (target.dossierId) await findDossierOrThrow(db, target.dossierId);
}

/** Inserts the attachment row of an `attach` whose target `checkAttachTarget` has checked. */
export async function insertAttachment(tx: Executor, input: AttachInput): Promise<AttachmentRow> {
  const [row] = await tx
    .insert(attachments)
    .values({
      fileId: input.fileId,
      recordType: input.recordType,
      recordId: input.recordId,
      attachedById: input.attachedById ?? null,
      dossierId: input.dossierId ?? null,
    })
    .onConflictDoNothing({
      target: [attachments.fileId, attachments.recordType, attachments.recordId],
    })
    .returning();
  if (!row) {
    throw new ConflictError(
      'fileId',
      input.fileId,
      `the file is already attached to this ${input.recordType.toLowerCase()}; file the existing attachment instead`,
    );
  }
  log.info(
    {
      attachmentId: row.id,
      fileId: row.fileId,
      recordType: row.recordType,
      recordId: row.recordId,
    },
    'file attached',
  );

  return row;
}

export async function findDossierOrThrow(db: Executor, id: string, field = 'dossierId') {
  const [dossier] = await db.select().from(dossiers).where(eq(dossiers.id, id)).limit(1);
  if (!dossier) throw new NotFoundError('dossier', id, field);

  return dossier;
}
