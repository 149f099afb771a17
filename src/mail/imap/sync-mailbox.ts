import { setTimeout as sleep } from 'node:timers/promises';
import { resolveLimits, type ParseLimits } from '../limits.js';
import type { PasswordCipher } from '../outgoing/password-cipher.js';
import { readEml } from '../readers/read-messages.js';
import type { ReadResult } from '../types.js';
import {
  importMessage,
  type ImportOutcome,
  type ImportServices,
  type ImportSettings,
  loadImportSettings,
} from '../import/import-message.js';
import type { MessageSource } from '../import/message-source.js';
import { quarantineMessage } from '../import/quarantine.js';
import {
  advanceCursor,
  claimFolder,
  type FolderKey,
  finishFolderSync,
  readFolderState,
  restartUnderUidValidity,
} from './folder-state.js';
import { connectImap } from './imap-adapter.js';
import { getImapMailbox, loginOf } from './imap-mailboxes.js';
import {
  ImapError,
  type ImapConnector,
  type ImapSession,
  type MessageSummary,
} from './imap-session.js';
import type { OutcomeCounts } from './tables.js';

export interface SyncServices extends ImportServices {
  cipher: PasswordCipher;
}

export interface SyncOptions {
  /** Opens IMAP sessions; default imapflow through `connectImap`. */
  connect?: ImapConnector;
  /** Messages imported per run at most; the next run goes on from there. Default 500. */
  maxMessagesPerRun?: number;
  /** New connections tried after a dropped or timed-out one, per run; default 3. */
  maxReconnects?: number;
  /** Milliseconds before the first reconnect, doubled for each further one; default 1000. */
  reconnectDelayMs?: number;
  /** Milliseconds one run keeps the folder leased against other workers; default 15 minutes. */
  leaseMs?: number;
  limits?: Partial<ParseLimits>;
  /** Called after each message, for progress reports. */
  onMessage?: (uid: number, outcome: ImportOutcome) => void | Promise<void>;
}

export interface SyncResult {
  /** True when another worker was syncing the folder, so this run did nothing. */
  skipped: boolean;
  uidValidity: number | null;
  lastUid: number;
  /** True when the server reported a new UIDVALIDITY and the folder was read again. */
  uidValidityChanged: boolean;
  /** Outcomes of the messages this run recorded. */
  counts: OutcomeCounts;
  reconnects: number;
  /** True when more messages wait than one run takes. */
  more: boolean;
}

interface Run {
  services: SyncServices;
  settings: ImportSettings;
  key: FolderKey;
  options: SyncOptions;
  limits: ParseLimits;
  result: SyncResult;
  processed: number;
}

/**
 * Imports the new messages of a mailbox's folder, by UID after the stored cursor. A new
 * UIDVALIDITY restarts the folder from UID 1, which dedupe turns into DUPLICATE rows without
 * tasks. Each message and the cursor move commit together, so a dropped connection or a crash
 * loses nothing and repeats nothing: the run reconnects and goes on after the last committed UID.
 */
export async function syncMailbox(
  services: SyncServices,
  mailboxId: string,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const mailbox = await getImapMailbox(services.db, mailboxId, 'mailboxId');
  const key = { mailboxId, folder: mailbox.folder };
  const result: SyncResult = {
    skipped: false,
    uidValidity: null,
    lastUid: 0,
    uidValidityChanged: false,
    counts: {},
    reconnects: 0,
    more: false,
  };
  if (!(await claimFolder(services.db, key, options.leaseMs ?? 15 * 60_000))) {
    return { ...result, skipped: true };
  }

  try {
    const settings = await loadImportSettings(services.db);
    const limits = resolveLimits(options.limits);
    const run: Run = { services, settings, key, options, limits, result, processed: 0 };
    await withReconnects(run, loginOf(mailbox, services.cipher));
    await finishFolderSync(services.db, key, { counts: result.counts });

    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishFolderSync(services.db, key, { error: message });
    throw error;
  }
}

async function withReconnects(run: Run, login: Parameters<ImapConnector>[0]): Promise<void> {
  const connect = run.options.connect ?? connectImap;
  const maxReconnects = run.options.maxReconnects ?? 3;

  for (;;) {
    let session: ImapSession | null = null;
    try {
      session = await connect(login);
      await syncFolder(run, session);

      return;
    } catch (error) {
      const retryable = error instanceof ImapError && error.retryable;
      if (!retryable || run.result.reconnects >= maxReconnects) throw error;

      run.result.reconnects += 1;
      const delayMs = (run.options.reconnectDelayMs ?? 1000) * 2 ** (run.result.reconnects - 1);
      run.services.log.warn(
        { err: error, mailboxId: run.key.mailboxId, attempt: run.result.reconnects, delayMs },
        'imap connection lost; reconnecting',
      );
      await sleep(delayMs);
    } finally {
      await session?.close().catch(() => undefined);
    }
  }
}

async function syncFolder(run: Run, session: ImapSession): Promise<void> {
  const { db } = run.services;
  const status = await session.openFolder(run.key.folder);
  let state = await readFolderState(db, run.key);
  if (state.uidValidity !== status.uidValidity) {
    await restartUnderUidValidity(db, run.key, state, status.uidValidity);
    run.result.uidValidityChanged ||= state.uidValidity !== null;
    state = await readFolderState(db, run.key);
  }
  run.result.uidValidity = status.uidValidity;
  run.result.lastUid = state.lastUid;

  // The whole listing is read before the first download: see `ImapSession`.
  const waiting = await session.listMessagesAfter(state.lastUid);
  const room = (run.options.maxMessagesPerRun ?? 500) - run.processed;
  const batch = waiting.slice(0, Math.max(room, 0));
  run.result.more = waiting.length > batch.length;

  for (const summary of batch) {
    await syncMessage(run, session, status.uidValidity, summary);
    run.processed += 1;
    run.result.lastUid = summary.uid;
  }
}

async function syncMessage(
  run: Run,
  session: ImapSession,
  uidValidity: number,
  summary: MessageSummary,
): Promise<void> {
  const { services, key } = run;
  const source: MessageSource = { kind: 'IMAP', ...key, uidValidity, uid: summary.uid };
  const advance = {
    inTransaction: (tx: Parameters<typeof advanceCursor>[0]) =>
      advanceCursor(tx, key, uidValidity, summary.uid),
  };

  const entry = await readUid(run, session, summary);
  if (!entry) {
    // Expunged between the listing and the download: nothing to import.
    await advanceCursor(services.db, key, uidValidity, summary.uid);

    return;
  }
  const outcome = entry.ok
    ? await importMessage(services, run.settings, entry.message, source, advance)
    : await quarantineMessage(services, { ...entry, raw: entry.raw ?? null }, source, advance);
  if (!outcome.alreadyRecorded) {
    run.result.counts[outcome.status] = (run.result.counts[outcome.status] ?? 0) + 1;
  }
  await run.options.onMessage?.(summary.uid, outcome);
}

/** Downloads and parses one UID; a message over the size limit is not downloaded at all. */
async function readUid(
  run: Run,
  session: ImapSession,
  summary: MessageSummary,
): Promise<ReadResult | null> {
  const maxBytes = run.limits.maxMessageBytes;
  if (summary.size !== null && summary.size > maxBytes) {
    const reason = `the message has ${summary.size} bytes, more than the ${maxBytes}-byte limit`;

    return { ok: false, index: 0, code: 'MESSAGE_TOO_LARGE', reason };
  }

  const raw = await session.downloadMessage(summary.uid);
  if (!raw) return null;

  const envelopeDate = summary.internalDate
    ? { date: summary.internalDate, source: 'imap_internal_date' as const }
    : null;
  for await (const entry of readEml(raw, { limits: run.options.limits, envelopeDate })) {
    return entry;
  }

  return null;
}
