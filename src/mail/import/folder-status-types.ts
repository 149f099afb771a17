import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { getSettings } from '../../settings/service.js';
import type { OutcomeCounts } from '../imap/tables.js';
import { OutcomeCountRef, toOutcomeCounts } from './email-shapes.js';
import { mailImportFiles, mailImportFolderStates } from './tables.js';

type FolderStateRow = typeof mailImportFolderStates.$inferSelect;
type ImportFileRow = typeof mailImportFiles.$inferSelect;

interface FolderStatus {
  folder: string | null;
  format: string;
  state: FolderStateRow | null;
}

const ImportFileStatusEnum = builder.enumType('MailImportFileStatus', {
  values: ['PROCESSING', 'DONE', 'FAILED'] as const,
});

const MailImportFileRef = builder.objectRef<ImportFileRow>('MailImportFile').implement({
  description: 'A file of the import folder, imported once by its content hash.',
  fields: (t) => ({
    fileName: t.exposeString('fileName'),
    sha256: t.exposeString('sha256'),
    status: t.expose('status', { type: ImportFileStatusEnum }),
    counts: t.field({ type: [OutcomeCountRef], resolve: (file) => toOutcomeCounts(file.counts) }),
    error: t.exposeString('error', { nullable: true }),
    movedTo: t.exposeString('movedTo', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});

async function folderCounts(db: Executor, folder: string): Promise<OutcomeCounts> {
  const rows = await db.execute<{ status: string; total: number }>(
    sql`select entry.key as status, sum(entry.value::int)::int as total
      from ${mailImportFiles}, jsonb_each_text(${mailImportFiles.counts}) entry
      where ${mailImportFiles.folder} = ${folder}
      group by entry.key`,
  );

  return Object.fromEntries(rows.map((row) => [row.status, row.total]));
}

const MailImportFolderStatusRef = builder
  .objectRef<FolderStatus>('MailImportFolderStatus')
  .implement({
    description: 'The import status of the email folder.',
    fields: (t) => ({
      folder: t.exposeString('folder', {
        nullable: true,
        description: 'The folder from the settings; null when the folder import is off.',
      }),
      format: t.exposeString('format'),
      lastScanAt: t.field({
        type: 'DateTime',
        nullable: true,
        resolve: (status) => status.state?.lastScanAt ?? null,
      }),
      lastSuccessAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When a file of the folder was last imported.',
        resolve: (status) => status.state?.lastSuccessAt ?? null,
      }),
      lastError: t.string({
        nullable: true,
        resolve: (status) => status.state?.lastError ?? null,
      }),
      lastErrorAt: t.field({
        type: 'DateTime',
        nullable: true,
        resolve: (status) => status.state?.lastErrorAt ?? null,
      }),
      pendingFiles: t.int({
        description: 'Files waiting at the last scan.',
        resolve: (status) => status.state?.pendingFiles ?? 0,
      }),
      counts: t.field({
        type: [OutcomeCountRef],
        description: 'Outcomes of every message read from the folder.',
        resolve: async (status, _args, context) =>
          status.folder ? toOutcomeCounts(await folderCounts(context.db, status.folder)) : [],
      }),
      recentFiles: t.field({
        type: [MailImportFileRef],
        description: 'The files read from the folder, newest first.',
        args: {
          limit: t.arg.int({
            required: false,
            description: 'How many files; 20 when omitted, at most 100.',
            validate: z
              .number()
              .int()
              .min(1, 'must be from 1 to 100')
              .max(100, 'must be from 1 to 100'),
          }),
        },
        resolve: (status, args, context) =>
          status.folder
            ? context.db
                .select()
                .from(mailImportFiles)
                .where(eq(mailImportFiles.folder, status.folder))
                .orderBy(desc(mailImportFiles.createdAt))
                .limit(args.limit ?? 20)
            : [],
      }),
    }),
  });

builder.queryField('mailImportFolderStatus', (t) =>
  t.field({
    type: MailImportFolderStatusRef,
    authScopes: { manager: true },
    description: 'The import folder from the settings and the outcome of its files.',
    resolve: async (_root, _args, context) => {
      const settings = await getSettings(context.db);
      const folder = settings.mailImportFolder;
      const [state] = folder
        ? await context.db
            .select()
            .from(mailImportFolderStates)
            .where(eq(mailImportFolderStates.folder, folder))
        : [];

      return { folder, format: settings.mailImportFormat, state: state ?? null };
    },
  }),
);
