import type { Logger } from 'pino';
import type { Database, Transaction } from '../../db/client.js';
import type { EventBus } from '../../events/event-bus.js';
import { getSettings } from '../../settings/service.js';
import { analyzeMessage } from '../analyze/analyze-message.js';
import type { ParsedMessage } from '../types.js';
import type { EmailFileStore } from './email-files.js';
import { type ImportEvents, planEmailEvents, publishImportEvents } from './email-events.js';
import { addReplyToTask, createEmailTask } from './email-task.js';
import { recordEmailBounce } from './email-bounces.js';
import { toEmailValues } from './email-values.js';
import { adoptWaitingThreadEmails } from './thread-adoption.js';
import { decideImport, type ImportDecision } from './import-decision.js';
import { removeNulCharacters } from './remove-nul.js';
import { loadAddressIndex } from './directory.js';
import {
  describeSource,
  type MessageSource,
  sourceColumns,
  sourceKeyOf,
} from './message-source.js';
import {
  clearFailedSource,
  findBySource,
  findDedupeOwner,
  lockImportKey,
  type RecordedEmail,
  storeEmailAttachments,
} from './recorded-emails.js';
import { emailReviewItems, importedEmails, type ImportStatus } from './tables.js';

/** Services the import uses: the database, the event bus and the file store. */
export interface ImportServices {
  db: Database;
  events: EventBus;
  files: EmailFileStore;
  log: Logger;
}

/** Settings read once per import run. */
export interface ImportSettings {
  /** The company's own domains: never partner addresses; mail from them is outgoing. */
  ownDomains: readonly string[];
}

export async function loadImportSettings(db: Database): Promise<ImportSettings> {
  return { ownDomains: (await getSettings(db)).ownEmailDomains };
}

export interface ImportOutcome {
  emailId: string;
  status: ImportStatus;
  taskId: string | null;
  duplicateOfId: string | null;
  /** True when the source had been recorded before, so the import changed nothing. */
  alreadyRecorded: boolean;
}

export interface ImportOptions {
  /** Runs inside the import's transaction once the email is recorded (or found recorded). */
  inTransaction?: (tx: Transaction) => Promise<void>;
}

interface Recorded {
  outcome: ImportOutcome;
  events: ImportEvents | null;
}

function recordedOutcome(email: RecordedEmail, alreadyRecorded: boolean): ImportOutcome {
  return {
    emailId: email.id,
    status: email.status,
    taskId: email.taskId,
    duplicateOfId: email.duplicateOfId,
    alreadyRecorded,
  };
}

/**
 * Imports one parsed message in one transaction and publishes its events after the commit. The
 * same source is recorded once, and a message equal to an imported one (same dedupe key, from a
 * file or IMAP, in any order) is kept as a DUPLICATE row that creates nothing. NUL characters
 * are removed from every text of the message first, because PostgreSQL cannot store them.
 */
export async function importMessage(
  services: ImportServices,
  settings: ImportSettings,
  message: ParsedMessage,
  source: MessageSource,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const storable = removeNulCharacters(message);
  const recorded = await services.db.transaction(async (tx) => {
    const result = await recordMessage(tx, services.files, settings, storable, source);
    await options.inTransaction?.(tx);

    return result;
  });
  if (recorded.events) publishImportEvents(services.events, recorded.events);

  const { outcome } = recorded;
  if (!outcome.alreadyRecorded) {
    services.log.info(
      { emailId: outcome.emailId, status: outcome.status, taskId: outcome.taskId },
      `email ${describeSource(source)} imported`,
    );
  }

  return outcome;
}

async function recordMessage(
  tx: Transaction,
  files: EmailFileStore,
  settings: ImportSettings,
  message: ParsedMessage,
  source: MessageSource,
): Promise<Recorded> {
  const sourceKey = sourceKeyOf(source);
  await lockImportKey(tx, sourceKey);
  const known = await findBySource(tx, sourceKey);
  if (known && known.status !== 'FAILED') {
    return { outcome: recordedOutcome(known, true), events: null };
  }
  if (known) await clearFailedSource(tx, sourceKey);

  const index = await loadAddressIndex(tx, message, settings.ownDomains);
  const analysis = analyzeMessage(message, index);
  const values = { ...toEmailValues(message, analysis, files.maxBytes), ...sourceColumns(source) };
  await lockImportKey(tx, analysis.dedupe.key);
  const owner = await findDedupeOwner(tx, analysis.dedupe.key);
  if (owner) {
    // The copy's files stay with the email it repeats.
    const attachments = values.attachments!.map((file) => ({
      ...file,
      stored: false,
      omittedReason: file.stored ? 'stored with the email this one repeats' : file.omittedReason,
    }));
    const [row] = await tx
      .insert(importedEmails)
      .values({ ...values, attachments, status: 'DUPLICATE', duplicateOfId: owner.id })
      .returning();

    return { outcome: recordedOutcome(row!, false), events: null };
  }

  return recordNew(tx, files, message, values, await decideImport(tx, message, analysis));
}

async function recordNew(
  tx: Transaction,
  files: EmailFileStore,
  message: ParsedMessage,
  values: ReturnType<typeof toEmailValues> & ReturnType<typeof sourceColumns>,
  decision: ImportDecision,
): Promise<Recorded> {
  const created = decision.createTask
    ? await createEmailTask(tx, {
        partnerId: decision.partnerId!,
        subject: message.subject,
        bodyText: message.text,
        calendar: values.calendar ?? null,
        creatorId: null,
      })
    : null;
  const taskId = created?.taskId ?? decision.threadTaskId;
  const { status, partnerId, siteId } = decision;
  const [email] = await tx
    .insert(importedEmails)
    .values({ ...values, status, partnerId, siteId, taskId })
    .returning();

  const replyEvents = decision.threadTaskId
    ? await addReplyToTask(tx, decision.threadTaskId, {
        fromLabel: message.from?.name || message.from?.address || 'an unknown sender',
        subject: message.subject,
        bodyText: message.text,
        direction: values.direction ?? 'INCOMING',
        sentAt: message.date,
      })
    : null;
  await storeEmailAttachments(tx, files, message.attachments, email!.id, taskId);
  if (status === 'BOUNCE' && values.bounce) {
    await recordEmailBounce(tx, email!.id, values.bounce, message.date ?? new Date());
  }
  if (status === 'UNMATCHED' || status === 'AMBIGUOUS') {
    await tx.insert(emailReviewItems).values({ emailId: email!.id, reason: status });
  }
  const threadKeys = { messageId: message.messageId, threadRootId: values.threadRootId ?? null };
  const adopted = taskId ? await adoptWaitingThreadEmails(tx, files, threadKeys, taskId) : null;
  const events = await planEmailEvents(tx, email!.id, taskId, [
    created?.events ?? null,
    replyEvents,
    ...(adopted?.events ?? []),
  ]);

  return { outcome: recordedOutcome(email!, false), events };
}
