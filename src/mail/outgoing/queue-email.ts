import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/client.js';
import { ValidationError } from '../../errors.js';
import { enqueueAfterCommit, enqueueManyAfterCommit } from '../../jobs/outbox.js';
import { maskEmail, moduleLogger } from '../../logger.js';
import { checkEmailAttachments, recordEmailAttachments } from './email-attachments.js';
import { DELIVER_EMAIL_BATCH_JOB, DELIVER_EMAIL_JOB } from './job-names.js';
import { createMessageId } from './message-id.js';
import { emailLog, smtpServers, userMailboxes } from './tables.js';

const log = moduleLogger('email');

export interface QueueEmailInput {
  /** The user whose mailbox sends the email; null sends it from the default SMTP server. */
  senderUserId: string | null;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html?: string | null;
  /** Extra headers, such as `{ 'Auto-Submitted': 'auto-generated' }` on reminders. */
  headers?: Record<string, string>;
  /** The record the email is about: its GraphQL type name (`Partner`) and id. */
  related?: { type: string; id: string } | null;
  /** Ids of stored files (as `FileStore.storeFile` returns them) to attach, in order. */
  attachmentFileIds?: string[];
}

export type EmailLogRow = typeof emailLog.$inferSelect;

const RESERVED_HEADERS = new Set(['from', 'to', 'cc', 'bcc', 'subject', 'message-id', 'date']);
const address = z.string().trim().toLowerCase().email();
const headerName = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const oneLine = /^[^\r\n]*$/;

/**
 * Records an email as QUEUED and requests its delivery job, both in the caller's transaction,
 * so the email is sent only if that transaction commits. Throws ValidationError for bad input
 * or when the sender has no mailbox (or no default SMTP server exists for system emails).
 */
export async function queueEmail(tx: Executor, input: QueueEmailInput): Promise<EmailLogRow> {
  const recipients = validateEmail(input);
  await checkEmailAttachments(tx, input.attachmentFileIds ?? []);
  const sender = await resolveSender(tx, input.senderUserId);
  const [email] = await tx
    .insert(emailLog)
    .values(emailRow(input, recipients, sender))
    .returning();
  await recordEmailAttachments(tx, email!.id, input.attachmentFileIds ?? []);
  await enqueueAfterCommit(tx, DELIVER_EMAIL_JOB, { emailId: email!.id, attempt: 1 });
  log.info(
    {
      emailId: email!.id,
      messageId: email!.messageId,
      to: recipients.to.map(maskEmail),
      related: input.related,
    },
    'email queued',
  );

  return email!;
}

/** The id of an email recorded by `queueEmails`, or the reason its input was rejected. */
export type QueuedEmail = { emailId: string } | { error: ValidationError };

/** Emails per batch delivery job. */
const EMAILS_PER_JOB = 50;

/**
 * Records several emails as QUEUED in the caller's transaction and requests one batch job per
 * 50 of them, which makes their first attempts together over pooled connections. An input that
 * `queueEmail` would reject gets its ValidationError in its place and is not recorded.
 */
export async function queueEmails(tx: Executor, inputs: QueueEmailInput[]): Promise<QueuedEmail[]> {
  const senders = new Map<string | null, Sender | ValidationError>();
  const rows: (typeof emailLog.$inferInsert)[] = [];
  const attachmentFileIds: string[][] = [];
  const results: (QueuedEmail | number)[] = [];
  for (const input of inputs) {
    try {
      const recipients = validateEmail(input);
      await checkEmailAttachments(tx, input.attachmentFileIds ?? []);
      if (!senders.has(input.senderUserId)) {
        senders.set(input.senderUserId, await resolveSenderOrError(tx, input.senderUserId));
      }
      const sender = senders.get(input.senderUserId)!;
      if (sender instanceof ValidationError) throw sender;

      results.push(rows.length);
      rows.push(emailRow(input, recipients, sender));
      attachmentFileIds.push(input.attachmentFileIds ?? []);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      results.push({ error });
    }
  }
  if (rows.length === 0) return results as QueuedEmail[];

  const inserted = await tx
    .insert(emailLog)
    .values(rows)
    .returning({ id: emailLog.id, messageId: emailLog.messageId });
  const idByMessageId = new Map(inserted.map((email) => [email.messageId, email.id]));
  const ids = rows.map((row) => idByMessageId.get(row.messageId)!);
  for (const [index, emailId] of ids.entries()) {
    await recordEmailAttachments(tx, emailId, attachmentFileIds[index]!);
  }
  const jobs = [];
  for (let start = 0; start < ids.length; start += EMAILS_PER_JOB) {
    const emailIds = ids.slice(start, start + EMAILS_PER_JOB);
    jobs.push({ jobName: DELIVER_EMAIL_BATCH_JOB, data: { emailIds } });
  }
  await enqueueManyAfterCommit(tx, jobs);
  log.info({ count: ids.length, jobs: jobs.length }, 'emails queued');

  return results.map((result) => (typeof result === 'number' ? { emailId: ids[result]! } : result));
}

/** Checks the recipients and headers, returning the normalized addresses. */
function validateEmail(input: QueueEmailInput): { to: string[]; cc: string[] } {
  const to = parseAddresses('to', input.to, true);
  const cc = parseAddresses('cc', input.cc ?? [], false);
  checkHeaders(input.subject, input.headers ?? {});

  return { to, cc };
}

function emailRow(
  input: QueueEmailInput,
  recipients: { to: string[]; cc: string[] },
  sender: Sender,
): typeof emailLog.$inferInsert {
  return {
    messageId: createMessageId(sender.fromAddress),
    senderUserId: input.senderUserId,
    smtpServerId: sender.smtpServerId,
    fromAddress: sender.fromAddress,
    toAddresses: recipients.to,
    ccAddresses: recipients.cc,
    subject: input.subject,
    bodyText: input.text,
    bodyHtml: input.html ?? null,
    headers: input.headers ?? {},
    relatedType: input.related?.type ?? null,
    relatedId: input.related?.id ?? null,
  };
}

function parseAddresses(field: string, values: string[], required: boolean): string[] {
  if (required && values.length === 0) {
    throw ValidationError.of(field, values, 'must list at least one recipient address');
  }

  return values.map((value, index) => {
    const parsed = address.safeParse(value);
    if (!parsed.success) {
      throw ValidationError.of(
        `${field}.${index}`,
        value,
        'must be an email address such as ana@firma.ro',
      );
    }

    return parsed.data;
  });
}

function checkHeaders(subject: string, headers: Record<string, string>): void {
  if (!oneLine.test(subject)) {
    throw ValidationError.of('subject', subject, 'must be one line; remove the line breaks');
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!headerName.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) {
      throw ValidationError.of(
        `headers.${name}`,
        name,
        'must be a header name other than From, To, Cc, Bcc, Subject, Message-ID and Date',
      );
    }
    if (!oneLine.test(value)) {
      throw ValidationError.of(
        `headers.${name}`,
        value,
        'must be one line; remove the line breaks',
      );
    }
  }
}

interface Sender {
  smtpServerId: string;
  fromAddress: string;
}

async function resolveSenderOrError(
  tx: Executor,
  senderUserId: string | null,
): Promise<Sender | ValidationError> {
  try {
    return await resolveSender(tx, senderUserId);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
}

async function resolveSender(tx: Executor, senderUserId: string | null): Promise<Sender> {
  if (senderUserId) {
    const [mailbox] = await tx
      .select()
      .from(userMailboxes)
      .where(eq(userMailboxes.userId, senderUserId));
    if (!mailbox) {
      throw ValidationError.of(
        'senderUserId',
        senderUserId,
        'the user has no mailbox; they can save one with updateMyMailbox',
      );
    }

    return { smtpServerId: mailbox.smtpServerId, fromAddress: mailbox.emailAddress };
  }

  const [server] = await tx.select().from(smtpServers).where(eq(smtpServers.isDefault, true));
  if (!server) {
    throw ValidationError.of(
      'senderUserId',
      null,
      'no default SMTP server for emails the system sends; an admin marks one with isDefault',
    );
  }

  return { smtpServerId: server.id, fromAddress: server.senderAddress };
}
