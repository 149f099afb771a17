import { createHash } from 'node:crypto';
import type { Transaction } from '../../db/client.js';
import type { MailFailureCode } from '../types.js';
import { planEmailEvents, publishImportEvents } from './email-events.js';
import type { ImportOptions, ImportOutcome, ImportServices } from './import-message.js';
import {
  describeSource,
  type MessageSource,
  sourceColumns,
  sourceKeyOf,
} from './message-source.js';
import { findBySource, lockImportKey } from './recorded-emails.js';
import { removeNulCharacters } from './remove-nul.js';
import { importedEmails, mailQuarantine } from './tables.js';

/** A message that could not be parsed: the reader's code and reason, and its bytes if read. */
export interface ReadFailure {
  code: MailFailureCode | string;
  reason: string;
  raw: Buffer | null;
}

/**
 * Records an unreadable message as a FAILED email with a quarantine entry holding the reason and
 * the raw bytes (stored through the file store when within its limit), so one bad message never
 * stops the rest of an import. A source already recorded is left as it is.
 */
export async function quarantineMessage(
  services: ImportServices,
  readFailure: ReadFailure,
  source: MessageSource,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const failure = removeNulCharacters(readFailure);
  const recorded = await services.db.transaction(async (tx) => {
    const result = await recordFailure(tx, services, failure, source);
    await options.inTransaction?.(tx);

    return result;
  });
  if (recorded.events) publishImportEvents(services.events, recorded.events);
  if (!recorded.outcome.alreadyRecorded) {
    services.log.warn(
      { emailId: recorded.outcome.emailId, code: failure.code, reason: failure.reason },
      `email ${describeSource(source)} quarantined`,
    );
  }

  return recorded.outcome;
}

async function recordFailure(
  tx: Transaction,
  services: ImportServices,
  failure: ReadFailure,
  source: MessageSource,
) {
  const sourceKey = sourceKeyOf(source);
  await lockImportKey(tx, sourceKey);
  const known = await findBySource(tx, sourceKey);
  if (known) {
    const outcome = { emailId: known.id, status: known.status, taskId: known.taskId };

    return { outcome: { ...outcome, duplicateOfId: null, alreadyRecorded: true }, events: null };
  }

  const raw = failure.raw;
  const keep = raw !== null && raw.length <= services.files.maxBytes;
  const rawFileId = keep
    ? await services.files.storeFile(tx, {
        bytes: raw,
        filename: `quarantined-${describeSource(source).replace(/[^\w.-]+/g, '-')}.eml`,
        contentType: 'message/rfc822',
      })
    : null;
  const [email] = await tx
    .insert(importedEmails)
    .values({
      ...sourceColumns(source),
      status: 'FAILED',
      failureCode: failure.code,
      failureReason: failure.reason,
    })
    .returning();
  await tx.insert(mailQuarantine).values({
    emailId: email!.id,
    code: failure.code,
    reason: failure.reason,
    rawFileId,
    rawSize: raw?.length ?? null,
    rawSha256: raw ? createHash('sha256').update(raw).digest('hex') : null,
  });
  const outcome = { emailId: email!.id, status: 'FAILED' as const, taskId: null };

  return {
    outcome: { ...outcome, duplicateOfId: null, alreadyRecorded: false },
    events: await planEmailEvents(tx, email!.id, null, []),
  };
}
