import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq } from 'drizzle-orm';
import { builder } from '../graphql/builder.js';
import { mutationErrors } from '../graphql/error-types.js';
import { globalIdOf } from '../graphql/global-id.js';
import { resolveKeysetConnection } from '../graphql/keyset.js';
import { viewerOf } from '../tasks/task-permissions.js';
import type { AttachmentRow } from './attach.js';
import {
  AttachmentConnection,
  AttachmentRecordTypeEnum,
  AttachmentRef,
} from './attachment-node.js';
import { fileAttachmentArgs, uploadAttachmentArgs } from './attachment-schemas.js';
import { detachAttachment, fileAttachment, uploadAttachment } from './attachment-service.js';
import { decodeRecordId } from './record-ids.js';
import { attachments } from './tables.js';

builder.queryField('attachments', (t) =>
  t.field({
    type: AttachmentConnection,
    description: 'Files attached to one record, newest first.',
    args: {
      ...t.arg.connectionArgs(),
      recordType: t.arg({ type: AttachmentRecordTypeEnum }),
      recordId: t.arg.id({ description: 'Global id of the record, such as a Partner id.' }),
    },
    resolve: (_root, args, context) => {
      const recordId = decodeRecordId(args.recordType, args.recordId);

      return resolveKeysetConnection(
        args,
        context.maxPageSize,
        {
          key: attachments.attachedAt,
          id: attachments.id,
          descending: true,
          cursorOf: (row: AttachmentRow) => [row.attachedAt.toISOString(), row.id],
        },
        ({ where, orderBy, limit }) =>
          context.db
            .select()
            .from(attachments)
            .where(
              and(
                eq(attachments.recordType, args.recordType),
                eq(attachments.recordId, recordId),
                where,
              ),
            )
            .orderBy(...orderBy)
            .limit(limit),
      );
    },
  }),
);

builder.mutationField('uploadAttachment', (t) =>
  t.field({
    type: AttachmentRef,
    description:
      'Stores a file and attaches it to a record. Send it as a multipart/form-data request.',
    errors: mutationErrors,
    args: t.validate(
      {
        recordType: t.arg({ type: AttachmentRecordTypeEnum }),
        recordId: t.arg.id({ description: 'Global id of the record, such as a Partner id.' }),
        file: t.arg({ type: 'File' }),
        dossierId: t.arg.id({ required: false }),
      },
      uploadAttachmentArgs,
    ),
    resolve: (_root, args, context) =>
      uploadAttachment(context.db, context.files, viewerOf(context), {
        recordType: args.recordType,
        recordId: decodeRecordId(args.recordType, args.recordId),
        file: args.file,
        dossierId: args.dossierId ?? null,
      }),
  }),
);

const DetachAttachmentPayload = builder
  .objectRef<{ attachmentId: string }>('DetachAttachmentPayload')
  .implement({
    fields: (t) => ({
      attachmentId: t.id({
        description: 'Global id of the attachment that was removed.',
        resolve: (payload) => encodeGlobalID('Attachment', payload.attachmentId),
      }),
    }),
  });

builder.mutationField('detachAttachment', (t) =>
  t.field({
    type: DetachAttachmentPayload,
    description:
      'Removes an attachment; the file stays stored. Agents may remove only the files they attached.',
    errors: mutationErrors,
    args: { id: t.arg.id({ validate: globalIdOf('Attachment') }) },
    resolve: async (_root, args, context) => ({
      attachmentId: await detachAttachment(context.db, viewerOf(context), args.id),
    }),
  }),
);

builder.mutationField('fileAttachment', (t) =>
  t.field({
    type: AttachmentRef,
    description:
      'Files an attachment into a dossier; a null dossierId takes it out of its dossier.',
    errors: mutationErrors,
    args: t.validate(
      { attachmentId: t.arg.id(), dossierId: t.arg.id({ required: false }) },
      fileAttachmentArgs,
    ),
    resolve: (_root, args, context) =>
      fileAttachment(context.db, args.attachmentId, args.dossierId ?? null),
  }),
);
