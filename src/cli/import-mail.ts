import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { resolveDatabase } from '../app.js';
import { createFileStore, fileStoreRoot } from '../attachments/index.js';
import type { Config } from '../config.js';
import { createDatabase, type Database } from '../db/client.js';
import { errorText } from '../db/error-text.js';
import { migrateDatabase } from '../db/migrate.js';
import { createEventBus } from '../events/create-event-bus.js';
import { moduleLogger, sendLogsToStderr } from '../logger.js';
import type { OutcomeCounts } from '../mail/imap/tables.js';
import { dryRunFile } from '../mail/import/dry-run.js';
import { createEmailFileStore } from '../mail/import/email-files.js';
import { type FileImportResult, importMailFile } from '../mail/import/import-file.js';
import {
  formatOfSetting,
  listWaitingFiles,
  moveImportedFile,
  recordMovedFile,
} from '../mail/import/import-folder.js';
import { type ImportServices, loadImportSettings } from '../mail/import/import-message.js';
import { ProgressBar } from '../mail/import/progress-bar.js';
import type { MessageFormat } from '../mail/types.js';
import { getSettings } from '../settings/service.js';

const USAGE = `Usage: crm import-mail PATH [--format FORMAT] [--dry-run] [--json] [--keep]

Imports the email files at PATH (a file, or every file directly inside a folder) into tasks, as
the import folder does: each file once by its content hash, then moved to done/ or failed/ beside
it. Progress goes to stderr, the summary to stdout.
  --format FORMAT  eml, mbox, outlook_text or thunderbird_text; default: the import format
                   setting, which detects the format per file unless an admin set one
  --dry-run        import nothing: print per message what the import would record
                   (pending database migrations are still applied)
  --json           print JSON: one object per message with --dry-run, else the summary
  --keep           leave imported files where they are instead of moving them`;

const FORMATS = ['eml', 'mbox', 'outlook_text', 'thunderbird_text'] as const;

interface Options {
  path: string;
  format: MessageFormat | undefined;
  dryRun: boolean;
  json: boolean;
  keep: boolean;
}

function parseOptions(args: string[]): Options | null {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return null;
  if (positionals.length !== 1) throw new Error('pass exactly one PATH, a file or a folder');

  const format = values.format?.toLowerCase();
  if (format !== undefined && !FORMATS.includes(format as MessageFormat)) {
    throw new Error(`invalid --format "${values.format}": use one of ${FORMATS.join(', ')}`);
  }

  return {
    path: positionals[0]!,
    format: format as MessageFormat | undefined,
    dryRun: values['dry-run'],
    json: values.json,
    keep: values.keep,
  };
}

async function filesAt(path: string): Promise<string[]> {
  const info = await stat(path);

  return info.isDirectory() ? listWaitingFiles(path, 0) : [path];
}

/** `crm import-mail PATH`: imports mail files once, or describes them with --dry-run. */
export async function importMail(config: Config, args: string[]): Promise<void> {
  // stdout carries only the summary or the dry-run report, so scripts can parse it.
  sendLogsToStderr();
  let options: Options | null;
  try {
    options = parseOptions(args);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;

    return;
  }
  if (!options) {
    console.log(USAGE);

    return;
  }

  let files: string[];
  try {
    files = await filesAt(options.path);
  } catch (error) {
    console.error(
      `cannot read ${options.path}: ${(error as Error).message}; pass a file or folder`,
    );
    process.exitCode = 2;

    return;
  }
  const handle = await resolveDatabase(config);
  try {
    await migrateDatabase(handle.url);
    const database = createDatabase(handle.url, { max: 2 });
    try {
      // Without --format, the format setting of the import folder applies.
      options.format ??= formatOfSetting((await getSettings(database.db)).mailImportFormat);
      if (options.dryRun) await dryRun(database.db, files, options);
      else await runImport(config, handle.url, database.db, files, options);
    } finally {
      await database.close();
    }
  } finally {
    await handle.embedded?.stop();
  }
}

async function dryRun(db: Database, files: string[], options: Options): Promise<void> {
  const { ownDomains } = await loadImportSettings(db);
  const seenDedupeKeys = new Map<string, string>();

  for (const path of files) {
    const entries = dryRunFile(db, path, { ownDomains, format: options.format, seenDedupeKeys });
    for await (const entry of entries) {
      console.log(options.json ? JSON.stringify(entry.json) : `${entry.text}\n`);
    }
  }
}

interface Summary {
  files: { done: number; failed: number; skipped: number; errors: number };
  messages: OutcomeCounts;
}

async function runImport(
  config: Config,
  url: string,
  db: Database,
  files: string[],
  options: Options,
): Promise<void> {
  const events = await createEventBus(url, config.REDIS_URL);
  const store = createFileStore({
    root: fileStoreRoot(config.DATA_DIR),
    maxBytes: config.MAX_FILE_BYTES,
  });
  const services: ImportServices = {
    db,
    events,
    files: createEmailFileStore(store),
    log: moduleLogger('import-mail'),
  };
  const summary: Summary = { files: { done: 0, failed: 0, skipped: 0, errors: 0 }, messages: {} };
  const progress = new ProgressBar(process.stderr, files.length);

  try {
    const settings = await loadImportSettings(db);
    for (const path of files) {
      await importOne(services, settings, path, options, summary, progress);
    }
  } finally {
    progress.finish();
    await events.close();
  }
  printSummary(summary, options.json);
  if (summary.files.errors > 0) process.exitCode = 1;
}

async function importOne(
  services: ImportServices,
  settings: Awaited<ReturnType<typeof loadImportSettings>>,
  path: string,
  options: Options,
  summary: Summary,
  progress: ProgressBar,
): Promise<void> {
  let read = 0;
  let result: FileImportResult;
  try {
    result = await importMailFile(services, settings, path, {
      format: options.format,
      onMessage: () => progress.show(`${path}: ${(read += 1)} messages`),
    });
  } catch (error) {
    summary.files.errors += 1;
    progress.tick(`${path}: failed`);
    console.error(`\n${path}: import failed: ${errorText(error)}`);

    return;
  }

  if (result.skipped) summary.files.skipped += 1;
  else if (result.status === 'DONE') summary.files.done += 1;
  else summary.files.failed += 1;
  // A skipped file was read by an earlier run, so its counts belong to that run.
  for (const [status, count] of Object.entries(result.skipped ? {} : result.counts)) {
    summary.messages[status] = (summary.messages[status] ?? 0) + (count ?? 0);
  }
  const movedTo =
    options.keep || result.skipped === 'IN_PROGRESS' ? null : await moveImportedFile(path, result);
  if (movedTo) await recordMovedFile(services.db, result.sha256, movedTo);
  let outcome = result.skipped ? `skipped, ${result.skipped.toLowerCase()}` : result.status;
  if (result.status === 'FAILED' && result.error) outcome += ` (${result.error})`;
  progress.tick(`${path}: ${outcome}${movedTo ? ` -> ${movedTo}` : ''}`);
}

function printSummary(summary: Summary, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(summary));

    return;
  }

  const { done, failed, skipped, errors } = summary.files;
  console.log(`Files: ${done} imported, ${failed} failed, ${skipped} skipped, ${errors} errors`);
  const counts = Object.entries(summary.messages).map(([status, count]) => `${count} ${status}`);
  console.log(`Messages: ${counts.length ? counts.join(', ') : 'none'}`);
}
