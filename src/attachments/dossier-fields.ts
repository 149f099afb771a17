import { encodeGlobalID } from '@pothos/plugin-relay';
import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { sql } from 'drizzle-orm';
import { builder } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { loadGroupedPages } from '../graphql/pagination.js';
import {
  AttachedRecordUnion,
  AttachmentConnection,
  AttachmentRecordTypeEnum,
} from './attachment-node.js';
import { DossierRef } from './dossier-node.js';
import { loadRecordNode, recordSummaryLoader } from './record-nodes.js';
import type { RecordType } from './record-sources.js';
import { attachments, files } from './tables.js';

/** A record that has files in a dossier, with how many. */
interface DossierRecord {
  type: RecordType;
  id: string;
  attachmentCount: number;
}

interface DossierStats {
  attachmentCount: number;
  totalBytes: number;
}

/** Per-request loader of attachment counts and sizes, one grouped query per batch. */
const dossierStatsLoader = createContextCache(
  (context: Context) =>
    new DataLoader<string, DossierStats>(async (ids) => {
      const rows = await context.db.execute<{ dossier_id: string; count: number; bytes: string }>(
        sql`select a.dossier_id, count(*)::int as count, coalesce(sum(f.size), 0)::text as bytes
          from ${attachments} a join ${files} f on f.id = a.file_id
          where a.dossier_id = any(${sql.param([...ids])}::uuid[]) group by a.dossier_id`,
      );
      const byId = new Map(rows.map((row) => [row.dossier_id, row]));

      return ids.map((id) => ({
        attachmentCount: byId.get(id)?.count ?? 0,
        totalBytes: Number(byId.get(id)?.bytes ?? 0),
      }));
    }),
);

const DossierRecordRef = builder.objectRef<DossierRecord>('DossierRecord').implement({
  description: 'A record with files in a dossier.',
  fields: (t) => ({
    recordType: t.expose('type', { type: AttachmentRecordTypeEnum }),
    recordId: t.id({
      resolve: async (record, _args, context) => {
        const summary = await recordSummaryLoader(context).load(record);

        return encodeGlobalID(summary?.typename ?? record.type, record.id);
      },
    }),
    title: t.string({
      nullable: true,
      description: "The record's display title, or null when the record no longer exists.",
      resolve: async (record, _args, context) =>
        (await recordSummaryLoader(context).load(record))?.title ?? null,
    }),
    record: t.field({
      type: AttachedRecordUnion,
      nullable: true,
      resolve: (record, _args, context) =>
        loadRecordNode(context, record) as Promise<typeof AttachedRecordUnion.$inferType | null>,
    }),
    attachmentCount: t.exposeInt('attachmentCount'),
  }),
});

builder.objectFields(DossierRef, (t) => ({
  attachments: t.loadable({
    type: AttachmentConnection,
    description: 'The files filed into the dossier, newest first.',
    byPath: true,
    args: t.arg.connectionArgs(),
    load: (dossierIds: string[], context, args) =>
      loadGroupedPages(context.db, {
        table: attachments,
        idColumn: attachments.id,
        parentColumn: attachments.dossierId,
        parentKey: 'dossierId',
        parentIds: dossierIds,
        orderBy: sql`${attachments.attachedAt} desc, ${attachments.id} desc`,
        args,
        maxPageSize: context.maxPageSize,
      }),
    resolve: (dossier) => dossier.id,
  }),
  records: t.loadableList({
    type: DossierRecordRef,
    description: 'The records whose files are in the dossier, by record type and title.',
    load: async (dossierIds: string[], context) => {
      const rows = await context.db.execute<{
        dossier_id: string;
        record_type: RecordType;
        record_id: string;
        count: number;
      }>(sql`select dossier_id, record_type, record_id, count(*)::int as count
        from ${attachments} where dossier_id = any(${sql.param(dossierIds)}::uuid[])
        group by dossier_id, record_type, record_id order by record_type, record_id`);

      const byDossier = new Map<string, DossierRecord[]>(dossierIds.map((id) => [id, []]));
      for (const row of rows) {
        const record = { type: row.record_type, id: row.record_id, attachmentCount: row.count };
        byDossier.get(row.dossier_id)?.push(record);
      }

      return dossierIds.map((id) => byDossier.get(id)!);
    },
    resolve: (dossier) => dossier.id,
  }),
  attachmentCount: t.int({
    resolve: async (dossier, _args, context) =>
      (await dossierStatsLoader(context).load(dossier.id)).attachmentCount,
  }),
  totalBytes: t.float({
    description: 'Total size of the files in the dossier, in bytes.',
    resolve: async (dossier, _args, context) =>
      (await dossierStatsLoader(context).load(dossier.id)).totalBytes,
  }),
}));
