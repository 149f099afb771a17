import { basename } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { partners, sites } from '../../partners/tables.js';
import { analyzeMessage, type MessageAnalysis } from '../analyze/analyze-message.js';
import { describeMessage } from '../describe.js';
import type { ParseLimits } from '../limits.js';
import { readMailFile } from '../readers/read-source.js';
import type { MailAttachment, MessageFormat, ParsedMessage } from '../types.js';
import { loadAddressIndex } from './directory.js';
import { excerptOf } from './email-values.js';

/** The dry-run report of one message: the text of `describeMessage` and a JSON record. */
export interface DryRunEntry {
  text: string;
  json: Record<string, unknown>;
}

export interface DryRunOptions {
  ownDomains: readonly string[];
  format?: MessageFormat;
  limits?: Partial<ParseLimits>;
  /**
   * Dedupe keys of the messages reported so far in this run, with their labels. Share one map
   * across the files of a run, because the import records a repeat of any earlier message as a
   * DUPLICATE that creates no task.
   */
  seenDedupeKeys?: Map<string, string>;
}

function fileJson(file: MailAttachment) {
  const { filename, contentType, size, sha256, contentOmittedReason } = file;

  return { filename, contentType, size, sha256, omittedReason: contentOmittedReason };
}

async function nameOf(db: Executor, table: typeof partners | typeof sites, id: string) {
  const [row] = await db.select({ name: table.name }).from(table).where(eq(table.id, id));

  return row?.name ?? null;
}

async function matchJson(db: Executor, analysis: MessageAnalysis) {
  const match = analysis.match;
  if (match.status !== 'matched') return match;

  return {
    ...match,
    partnerName: await nameOf(db, partners, match.partnerId),
    siteName: await nameOf(db, sites, match.siteId),
  };
}

async function messageJson(
  db: Executor,
  message: ParsedMessage,
  analysis: MessageAnalysis,
): Promise<Record<string, unknown>> {
  return {
    ok: true,
    format: message.format,
    messageId: message.messageId,
    from: message.from,
    replyTo: message.replyTo,
    to: message.to,
    cc: message.cc,
    subject: message.subject,
    date: message.date?.toISOString() ?? null,
    dateSource: message.dateSource,
    dateZone: message.dateZone,
    bodyExcerpt: excerptOf(message.text),
    attachments: message.attachments.map(fileJson),
    inlineImages: message.inlineImages.map(fileJson),
    calendarEvents: message.calendarEvents,
    classification: analysis.classification,
    direction: analysis.direction,
    match: await matchJson(db, analysis),
    bounce: analysis.bounce,
    taskExpected: analysis.taskExpected,
    threadRootId: analysis.threadRootId,
    dedupeKey: analysis.dedupe.key,
    warnings: message.warnings,
  };
}

/**
 * Reads a mail file and reports, per message, what the import would record: sender,
 * recipients, decoded subject, date and its source, body excerpt, attachments with size and
 * SHA-256, classification, and the partner and site it would match or why not. Only reads.
 */
export async function* dryRunFile(
  db: Executor,
  path: string,
  options: DryRunOptions,
): AsyncGenerator<DryRunEntry> {
  const read = readMailFile(path, { format: options.format, limits: options.limits });
  const seen = options.seenDedupeKeys ?? new Map<string, string>();

  for await (const entry of read) {
    const label = `${basename(path)}#${entry.index}`;
    if (!entry.ok) {
      const json = { file: path, index: entry.index, ok: false, code: entry.code };
      yield {
        text: `Message ${label}\nUnreadable:     ${entry.reason}`,
        json: { ...json, reason: entry.reason },
      };
      continue;
    }

    const index = await loadAddressIndex(db, entry.message, options.ownDomains, {
      domainHints: true,
    });
    const analysis = analyzeMessage(entry.message, index);
    const json = await messageJson(db, entry.message, analysis);
    const duplicateOf = seen.get(analysis.dedupe.key) ?? null;
    if (!duplicateOf) seen.set(analysis.dedupe.key, label);
    const text = describeMessage(entry.message, analysis, { label });
    // NOTE: only messages of this run are compared, not the emails imported before.
    yield duplicateOf
      ? {
          text: `${text}\nDuplicate of:   ${duplicateOf} (no task is created)`,
          json: { file: path, index: entry.index, ...json, taskExpected: false, duplicateOf },
        }
      : { text, json: { file: path, index: entry.index, ...json, duplicateOf: null } };
  }
}
