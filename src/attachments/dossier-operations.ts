import { and, ilike, type SQL, sql } from 'drizzle-orm';
import { builder } from '../graphql/builder.js';
import { mutationErrors } from '../graphql/error-types.js';
import { globalIdOf } from '../graphql/global-id.js';
import { resolveKeysetConnection } from '../graphql/keyset.js';
import { viewerOf } from '../tasks/task-permissions.js';
import { TEXT_LIMITS } from '../validation/text.js';
import { AttachmentRecordTypeEnum } from './attachment-node.js';
import { createDossierArgs, renameDossierArgs } from './attachment-schemas.js';
import { DossierRef, type DossierRow } from './dossier-node.js';
import { createDossier, renameDossier } from './dossier-service.js';
import type { RecordType } from './record-sources.js';
import { partnerRecords } from './records.js';
import { attachments, dossiers } from './tables.js';

const NAME = `Trimmed, 1 to ${TEXT_LIMITS.name} characters, without control characters.`;

const DossierInput = builder.inputType('DossierInput', {
  fields: (t) => ({
    name: t.string({ description: NAME }),
    description: t.string({ required: false }),
  }),
});

const DossierFilter = builder.inputType('DossierFilter', {
  fields: (t) => ({
    text: t.string({ required: false, description: 'Part of the name, ignoring case.' }),
    recordType: t.field({
      type: AttachmentRecordTypeEnum,
      required: false,
      description: 'Only dossiers holding files attached to records of this type.',
    }),
    partnerId: t.id({
      required: false,
      validate: globalIdOf('Partner'),
      description: 'Only dossiers holding files of this partner or of its records.',
    }),
  }),
});

interface DossierFilterValues {
  text?: string | null;
  recordType?: RecordType | null;
  partnerId?: string | null;
}

/** Builds the conditions of a dossier filter; each one is an indexed `exists` on attachments. */
function filterConditions(filter: DossierFilterValues | null | undefined): SQL[] {
  const conditions: SQL[] = [];
  if (filter?.text) conditions.push(ilike(dossiers.name, `%${filter.text}%`));
  if (filter?.recordType) {
    conditions.push(sql`exists (select 1 from ${attachments} a
      where a.dossier_id = ${dossiers.id} and a.record_type = ${filter.recordType})`);
  }
  if (filter?.partnerId) {
    conditions.push(sql`exists (select 1 from ${attachments} a
      where a.dossier_id = ${dossiers.id} and (a.record_type, a.record_id) in (
        ${partnerRecords(sql`${filter.partnerId}::uuid`)}))`);
  }

  return conditions;
}

builder.queryField('dossiers', (t) =>
  t.connection({
    type: DossierRef,
    description: 'Dossier analysis: dossiers by name, with their files and the records they hold.',
    args: { filter: t.arg({ type: DossierFilter, required: false }) },
    resolve: (_root, args, context) =>
      resolveKeysetConnection(
        args,
        context.maxPageSize,
        {
          key: dossiers.name,
          id: dossiers.id,
          descending: false,
          cursorOf: (row: DossierRow) => [row.name, row.id],
        },
        ({ where, orderBy, limit }) =>
          context.db
            .select()
            .from(dossiers)
            .where(and(where, ...filterConditions(args.filter)))
            .orderBy(...orderBy)
            .limit(limit),
      ),
  }),
);

builder.mutationField('createDossier', (t) =>
  t.field({
    type: DossierRef,
    errors: mutationErrors,
    args: t.validate({ input: t.arg({ type: DossierInput }) }, createDossierArgs),
    resolve: (_root, { input }, context) =>
      createDossier(context.db, viewerOf(context), {
        name: input.name,
        description: input.description ?? null,
      }),
  }),
);

builder.mutationField('renameDossier', (t) =>
  t.field({
    type: DossierRef,
    description: 'Renames a dossier. Agents may rename only the dossiers they created.',
    errors: mutationErrors,
    args: t.validate(
      { id: t.arg.id(), name: t.arg.string({ description: NAME }) },
      renameDossierArgs,
    ),
    resolve: (_root, args, context) =>
      renameDossier(context.db, viewerOf(context), args.id, args.name),
  }),
);
