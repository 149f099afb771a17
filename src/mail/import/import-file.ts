import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { and, eq, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { errorText, reduceQueryError } from '../../db/error-text.js';
import type { ParseLimits } from '../limits.js';
import { readMailFile } from '../readers/read-source.js';
import type { MessageFormat, ParsedMessage } from '../types.js';
import type { OutcomeCounts } from '../imap/tables.js';
import {
  importMessage,
  type ImportOutcome,
  type ImportServices,
  type ImportSettings,
} from './import-message.js';
import type { MessageSource } from './message-source.js';
import { quarantineMessage } from './quarantine.js';
import { mailImportFiles } from './tables.js';

export interface FileImportOptions {
  /** The file format; detected from the name and first bytes when absent. */
  format?: MessageFormat;
  limits?: Partial<ParseLimits>;
  /** Called after each message, for progress output. */
  onMessage?: (outcome: ImportOutcome) => void;
  /** Milliseconds one process keeps the file claimed before another may take it over; default 10 min. */
  claimMs?: number;
}

export interface FileImportResult {
  sha256: string;
  /** DONE when any message was read; FAILED when none could be. */
  status: 'DONE' | 'FAILED';
  /** Why nothing was read: the same content was imported before, or is being imported now. */
  skipped: 'ALREADY_IMPORTED' | 'IN_PROGRESS' | null;
  counts: OutcomeCounts;
  messages: number;
  /** Why a FAILED file failed: the first message's failure reason, or that it has no message. */
  error: string | null;
}

const NO_MESSAGE = 'the file contains no message; check that it is an export';

const DEFAULT_CLAIM_MS = 10 * 60_000;

export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);

  return hash.digest('hex');
}

/**
 * Takes the file's content hash for this process: a new hash, or one whose earlier import
 * stopped (its claim expired). Returns null when the hash is claimed, or the stored row when
 * another process has claimed it or it was imported before.
 */
async function claimFile(db: Database, sha256: string, path: string, claimMs: number) {
  const claimedUntil = sql`now() + ${`${claimMs} milliseconds`}::interval`;
  const [claimed] = await db
    .insert(mailImportFiles)
    .values({ sha256, fileName: basename(path), folder: dirname(path), claimedUntil })
    .onConflictDoUpdate({
      target: mailImportFiles.sha256,
      set: { claimedUntil, fileName: basename(path), folder: dirname(path) },
      setWhere: and(
        eq(mailImportFiles.status, 'PROCESSING'),
        or(
          sql`${mailImportFiles.claimedUntil} is null`,
          sql`${mailImportFiles.claimedUntil} < now()`,
        ),
      ),
    })
    .returning({ sha256: mailImportFiles.sha256 });
  if (claimed) return null;

  const [row] = await db.select().from(mailImportFiles).where(eq(mailImportFiles.sha256, sha256));

  return row!;
}

/**
 * Imports every message of a mail file, once per file content: a file whose SHA-256 was imported
 * before is skipped, under any name. A message that cannot be read or stored is quarantined
 * and the rest goes on. The file itself is left where it is; see `importFolderFile` for the move to done/ or failed/.
 */
export async function importMailFile(
  services: ImportServices,
  settings: ImportSettings,
  path: string,
  options: FileImportOptions = {},
): Promise<FileImportResult> {
  const sha256 = await hashFile(path);
  const held = await claimFile(services.db, sha256, path, options.claimMs ?? DEFAULT_CLAIM_MS);
  if (held) {
    const skipped = held.status === 'PROCESSING' ? 'IN_PROGRESS' : 'ALREADY_IMPORTED';
    const status = held.status === 'FAILED' ? 'FAILED' : 'DONE';

    return { sha256, status, skipped, counts: held.counts, messages: 0, error: held.error };
  }

  try {
    const result = await readAndImport(services, settings, path, sha256, options);
    await finishFile(services.db, result);

    return result;
  } catch (error) {
    await releaseFile(services, sha256, errorText(error));
    throw reduceQueryError(error);
  }
}

/**
 * Releases the claim of a file whose import stopped, with the reason, so a later run retries it.
 * When even that update fails, the claim is released without the reason, because a file left
 * claimed would be skipped as in progress until the claim expires.
 */
async function releaseFile(services: ImportServices, sha256: string, reason: string) {
  const row = eq(mailImportFiles.sha256, sha256);
  try {
    await services.db.update(mailImportFiles).set({ claimedUntil: null, error: reason }).where(row);
  } catch (error) {
    services.log.error({ sha256, err: errorText(error) }, 'recording the file error failed');
    await services.db.update(mailImportFiles).set({ claimedUntil: null }).where(row);
  }
}

/**
 * Imports one parsed message, or quarantines it with the database's reason when it cannot be
 * stored, so one message never stops the rest of its file.
 */
async function importOrQuarantine(
  services: ImportServices,
  settings: ImportSettings,
  message: ParsedMessage,
  source: MessageSource,
): Promise<ImportOutcome> {
  try {
    return await importMessage(services, settings, message, source);
  } catch (error) {
    const reason = `the message could not be stored: ${errorText(error)}`;

    // NOTE: a parsed message no longer has its raw bytes, so this quarantine entry has none.
    return quarantineMessage(services, { code: 'STORE_FAILED', reason, raw: null }, source);
  }
}

async function readAndImport(
  services: ImportServices,
  settings: ImportSettings,
  path: string,
  sha256: string,
  options: FileImportOptions,
): Promise<FileImportResult> {
  const counts: OutcomeCounts = {};
  let messages = 0;
  // An empty file would parse as one message without headers, but it contains no message.
  if ((await stat(path)).size === 0)
    return { sha256, status: 'FAILED', skipped: null, counts, messages, error: NO_MESSAGE };

  const read = readMailFile(path, { format: options.format, limits: options.limits });

  let firstFailure: string | null = null;
  for await (const entry of read) {
    const source: MessageSource = { kind: 'FILE', path, fileSha256: sha256, index: entry.index };
    if (!entry.ok) firstFailure ??= entry.reason;
    const outcome = entry.ok
      ? await importOrQuarantine(services, settings, entry.message, source)
      : await quarantineMessage(services, { ...entry, raw: entry.raw ?? null }, source);
    counts[outcome.status] = (counts[outcome.status] ?? 0) + 1;
    messages += 1;
    options.onMessage?.(outcome);
  }
  const status = messages > (counts.FAILED ?? 0) ? 'DONE' : 'FAILED';
  let error: string | null = null;
  if (messages === 0) error = NO_MESSAGE;
  else if (status === 'FAILED') error = firstFailure ?? 'no message could be stored; see the quarantine';

  return { sha256, status, skipped: null, counts, messages, error };
}

async function finishFile(db: Database, result: FileImportResult) {
  await db
    .update(mailImportFiles)
    .set({
      status: result.status,
      counts: result.counts,
      claimedUntil: null,
      error: result.error,
      finishedAt: new Date(),
    })
    .where(eq(mailImportFiles.sha256, result.sha256));
}
