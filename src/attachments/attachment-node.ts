import { encodeGlobalID } from '@pothos/plugin-relay';
import { UserRef } from '../auth/types.js';
import { builder } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { anyOf } from '../graphql/pagination.js';
import type { AttachmentRow } from './attach.js';
import { DossierRef } from './dossier-node.js';
import type { FileRow } from './file-store.js';
import { RECORD_SOURCES, RECORD_TYPES } from './record-sources.js';
import { loadRecordNode, RECORD_NODE_TYPES, recordSummaryLoader } from './record-nodes.js';
import { attachments, files } from './tables.js';
import { NotFoundError } from '../errors.js';

/** Path of the download route for a stored file. */
export function downloadPath(fileId: string): string {
  return `/files/${fileId}`;
}

export const AttachmentRecordTypeEnum = builder.enumType('AttachmentRecordType', {
  description: 'The kinds of record that files can be attached to.',
  values: RECORD_TYPES,
});

export const StoredFileRef = builder.loadableObjectRef<FileRow, string>('StoredFile', {
  load: async (ids: string[], context) => {
    const rows = await context.db.select().from(files).where(anyOf(files.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('file', id));
  },
});

StoredFileRef.implement({
  description: 'A stored file: its sanitized name, media type, size and SHA-256.',
  fields: (t) => ({
    filename: t.exposeString('filename'),
    contentType: t.exposeString('contentType'),
    size: t.exposeInt('size', { description: 'Size in bytes.' }),
    sha256: t.exposeString('sha256', { description: 'Lower-case hex SHA-256 of the content.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    downloadUrl: t.string({
      description:
        'Path of the download on this server, such as /files/<id>; GET it with the bearer token.',
      resolve: (file) => downloadPath(file.id),
    }),
  }),
});

export const AttachedRecordUnion = builder.unionType('AttachedRecord', {
  description: 'A record that files can be attached to.',
  types: RECORD_NODE_TYPES,
});

/** Returns the GraphQL type name of an attachment's record, looking it up only when needed. */
async function recordTypename(context: Context, item: AttachmentRow): Promise<string> {
  const sources = RECORD_SOURCES[item.recordType];
  if (sources.length === 1) return sources[0]!.typename;

  const summary = await recordSummaryLoader(context).load({
    type: item.recordType,
    id: item.recordId,
  });

  return summary?.typename ?? sources[0]?.typename ?? item.recordType;
}

export const AttachmentRef = builder.loadableNode('Attachment', {
  description: 'A file attached to a record, optionally filed into a dossier.',
  id: { resolve: (item: AttachmentRow) => item.id },
  load: async (ids: string[], context) => {
    const rows = await context.db.select().from(attachments).where(anyOf(attachments.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('attachment', id));
  },
  fields: (t) => ({
    file: t.field({ type: StoredFileRef, resolve: (item) => item.fileId }),
    recordType: t.expose('recordType', { type: AttachmentRecordTypeEnum }),
    recordId: t.id({
      description: 'Global id of the record the file is attached to.',
      resolve: async (item, _args, context) =>
        encodeGlobalID(await recordTypename(context, item), item.recordId),
    }),
    recordTitle: t.string({
      nullable: true,
      description: "The record's display title, or null when the record no longer exists.",
      resolve: async (item, _args, context) => {
        const ref = { type: item.recordType, id: item.recordId };

        return (await recordSummaryLoader(context).load(ref))?.title ?? null;
      },
    }),
    record: t.field({
      type: AttachedRecordUnion,
      nullable: true,
      description: 'The record the file is attached to, or null when it no longer exists.',
      resolve: (item, _args, context) =>
        loadRecordNode(context, { type: item.recordType, id: item.recordId }) as Promise<
          typeof AttachedRecordUnion.$inferType | null
        >,
    }),
    dossier: t.field({ type: DossierRef, nullable: true, resolve: (item) => item.dossierId }),
    attachedBy: t.field({ type: UserRef, nullable: true, resolve: (item) => item.attachedById }),
    attachedAt: t.expose('attachedAt', { type: 'DateTime' }),
  }),
});

export const AttachmentConnection = builder.connectionObject({
  type: AttachmentRef,
  name: 'AttachmentConnection',
});
