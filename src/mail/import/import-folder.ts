import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import type { SettingsRow } from '../../settings/service.js';
import type { MessageFormat } from '../types.js';
import { type FileImportOptions, type FileImportResult, importMailFile } from './import-file.js';
import type { ImportServices, ImportSettings } from './import-message.js';
import { mailImportFiles, mailImportFolderStates } from './tables.js';

/** Subfolders that imported files are moved to. */
export const DONE_FOLDER = 'done';
export const FAILED_FOLDER = 'failed';

const FORMATS: Record<SettingsRow['mailImportFormat'], MessageFormat | undefined> = {
  AUTO: undefined,
  EML: 'eml',
  MBOX: 'mbox',
  OUTLOOK_TEXT: 'outlook_text',
  THUNDERBIRD_TEXT: 'thunderbird_text',
};

/** Returns the reader format of the import format setting; undefined detects it per file. */
export function formatOfSetting(setting: string): MessageFormat | undefined {
  return FORMATS[setting as SettingsRow['mailImportFormat']];
}

/**
 * Lists the files of an import folder that are ready: regular files, not hidden, not partial
 * downloads (`.part`, `.tmp`), unchanged for `settleMs` so a file still being copied in waits
 * for the next scan. Subfolders, done/ and failed/ included, are not read.
 */
export async function listWaitingFiles(folder: string, settleMs: number): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const ready: string[] = [];

  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('.') || /\.(part|tmp)$/i.test(entry.name)) {
      continue;
    }
    const path = join(folder, entry.name);
    const { mtimeMs } = await stat(path);
    if (Date.now() - mtimeMs >= settleMs) ready.push(path);
  }

  return ready.sort();
}

/**
 * Moves a file into the done/ or failed/ subfolder beside it. A name already taken there gets
 * the first 12 hex digits of the content hash, so an older file is never overwritten.
 */
export async function moveImportedFile(path: string, result: FileImportResult): Promise<string> {
  const target = join(dirname(path), result.status === 'DONE' ? DONE_FOLDER : FAILED_FOLDER);
  await mkdir(target, { recursive: true });

  const name = basename(path);
  let destination = join(target, name);
  if (await exists(destination)) {
    const extension = extname(name);
    const stem = name.slice(0, name.length - extension.length);
    destination = join(target, `${stem}.${result.sha256.slice(0, 12)}${extension}`);
  }
  await rename(path, destination);

  return destination;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);

    return true;
  } catch {
    return false;
  }
}

/** Imports one file of the import folder and moves it to done/ or failed/. */
export async function importFolderFile(
  services: ImportServices,
  settings: ImportSettings,
  path: string,
  options: FileImportOptions = {},
): Promise<{ result: FileImportResult; movedTo: string | null }> {
  const result = await importMailFile(services, settings, path, options);
  if (result.skipped === 'IN_PROGRESS') return { result, movedTo: null };

  const movedTo = await moveImportedFile(path, result);
  await recordMovedFile(services.db, result.sha256, movedTo);

  return { result, movedTo };
}

/** Stores where an imported file was moved, on its row of `mail_import_files`. */
export async function recordMovedFile(db: Database, sha256: string, movedTo: string) {
  await db.update(mailImportFiles).set({ movedTo }).where(eq(mailImportFiles.sha256, sha256));
}

/** Records a scan of the folder, or the error that stopped it. */
export async function recordFolderScan(
  db: Database,
  folder: string,
  outcome: { pendingFiles: number } | { error: string },
): Promise<void> {
  const values =
    'error' in outcome
      ? { lastScanAt: new Date(), lastError: outcome.error, lastErrorAt: new Date() }
      : { lastScanAt: new Date(), pendingFiles: outcome.pendingFiles };
  await db
    .insert(mailImportFolderStates)
    .values({ folder, ...values })
    .onConflictDoUpdate({ target: mailImportFolderStates.folder, set: values });
}

/** Records the outcome of one file: a success, or the error that stopped its import. */
export async function recordFolderFile(
  db: Database,
  folder: string,
  error: string | null,
): Promise<void> {
  const values = error
    ? { lastError: error, lastErrorAt: new Date() }
    : { lastSuccessAt: new Date(), lastError: null };
  await db
    .insert(mailImportFolderStates)
    .values({ folder, ...values })
    .onConflictDoUpdate({ target: mailImportFolderStates.folder, set: values });
}
