import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/client.js';
import { ValidationError } from '../../errors.js';
import { enqueueAfterCommit } from '../../jobs/outbox.js';
import { maskEmail, moduleLogger } from '../../logger.js';
import { DELIVER_EMAIL_JOB } from './job-names.js';
import { createMessageId } from './message-id.js';
import { emailLog, smtpServers, userMailboxes } from './tables.js';

const log = moduleLogger('email');

// TODO: attachments (a rendered document, the files attached to it, article photos) are not
// supported yet; they need a reference into the file store kept with the email log row.
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
  const to = parseAddresses('to', input.to, true);
  const cc = parseAddresses('cc', input.cc ?? [], false);
  checkHeaders(input.subject, input.headers ?? {});
  const sender = await resolveSender(tx, input.senderUserId);
  const messageId = createMessageId(sender.fromAddress);

  const [email] = await tx
    .insert(emailLog)
    .values({
      messageId,
      senderUserId: input.senderUserId,
      smtpServerId: sender.smtpServerId,
      fromAddress: sender.fromAddress,
      toAddresses: to,
      ccAddresses: cc,
      subject: input.subject,
      bodyText: input.text,
      bodyHtml: input.html ?? null,
      headers: input.headers ?? {},
      relatedType: input.related?.type ?? null,
      relatedId: input.related?.id ?? null,
    })
    .returning();
  await enqueueAfterCommit(tx, DELIVER_EMAIL_JOB, { emailId: email!.id, attempt: 1 });
  log.info(
    { emailId: email!.id, messageId, to: to.map(maskEmail), related: input.related },
    'email queued',
  );

  return email!;
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

async function resolveSender(tx: Executor, senderUserId: string | null) {
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
