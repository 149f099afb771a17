import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { FileStore } from '../../attachments/file-store.js';
import type { Database, Executor } from '../../db/client.js';
import { NotFoundError } from '../../errors.js';
import { backoffDelay } from '../../jobs/backoff.js';
import { enqueueAfterCommit } from '../../jobs/outbox.js';
import { maskEmail } from '../../logger.js';
import type { EmailDeliveryPolicy } from './delivery-policy.js';
import { openEmailAttachments } from './email-attachments.js';
import { DELIVER_EMAIL_JOB } from './job-names.js';
import type { PasswordCipher } from './password-cipher.js';
import type { EmailLogRow } from './queue-email.js';
import { loadSenderEndpoint } from './sender-endpoint.js';
import type { SmtpTransports } from './smtp-transports.js';
import type { OutgoingMessage, SmtpEndpoint, SmtpOutcome } from './smtp-types.js';
import { emailLog } from './tables.js';

export interface DeliverEmailData extends Record<string, unknown> {
  emailId: string;
  /** The attempt this job makes, 1-based; a job for an attempt already made does nothing. */
  attempt: number;
}

export interface EmailDeliveryServices {
  db: Database;
  cipher: PasswordCipher;
  policy: EmailDeliveryPolicy;
  transports: SmtpTransports;
  /** The content-addressed store that the emails' attached files are read from. */
  files: FileStore;
  log: Logger;
}

/**
 * Makes one delivery attempt. The email's row stays locked while the server is contacted, so
 * two workers never send the same email at once, and a job whose attempt was already made
 * (a duplicate from the outbox or the stale-email sweep) returns without sending.
 */
export async function deliverEmail(services: EmailDeliveryServices, data: DeliverEmailData) {
  const { db, cipher, policy } = services;

  await db.transaction(async (tx) => {
    const [email] = await tx
      .select()
      .from(emailLog)
      .where(eq(emailLog.id, data.emailId))
      .for('update');
    const log = services.log.child({ emailId: data.emailId, attempt: data.attempt });
    if (!email || email.status !== 'QUEUED' || email.attempts !== data.attempt - 1) {
      log.info(
        { status: email?.status, attempts: email?.attempts },
        'email delivery skipped: attempt already made',
      );

      return;
    }

    const endpoint = await loadSenderEndpoint(tx, email, cipher, policy.timeoutMs);
    const outcome =
      'answer' in endpoint ? endpoint : await sendEmail(tx, services, email, endpoint);
    await recordOutcome(tx, email, outcome, policy, log);
  });
}

/**
 * Names the pooled connections an email goes out on: the sender's own mailbox, or for emails
 * the system sends, the server chosen when it was queued.
 */
export function senderIdentity(email: EmailLogRow): string {
  return email.senderUserId ? `mailbox:${email.senderUserId}` : `server:${email.smtpServerId}`;
}

/**
 * Opens the email's stored files and sends it over the pooled connections of its sender. A file
 * missing from the store fails the email permanently, because no later attempt would find it.
 */
export async function sendEmail(
  tx: Executor,
  services: EmailDeliveryServices,
  email: EmailLogRow,
  endpoint: SmtpEndpoint,
): Promise<SmtpOutcome> {
  let attachments: OutgoingMessage['attachments'];
  try {
    attachments = await openEmailAttachments(tx, services.files, email.id);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    services.log.error(
      { emailId: email.id, fileId: error.id },
      'email failed: an attached file is missing from the file store',
    );

    return {
      kind: 'PERMANENT',
      answer: `attached file ${error.id} is missing from the file store; queue the email again with the file uploaded anew`,
      responseCode: null,
      errorCode: null,
    };
  }

  return services.transports.send(
    senderIdentity(email),
    endpoint,
    outgoingMessage(email, attachments),
  );
}

function outgoingMessage(
  email: EmailLogRow,
  attachments: OutgoingMessage['attachments'],
): OutgoingMessage {
  return {
    messageId: email.messageId,
    from: email.fromAddress,
    to: email.toAddresses,
    cc: email.ccAddresses,
    subject: email.subject,
    text: email.bodyText,
    html: email.bodyHtml,
    headers: email.headers,
    attachments,
  };
}

/**
 * Records an attempt's outcome on the locked row: SENT, FAILED on a permanent failure or the
 * last attempt, or else the time of the next attempt with its job, after backoff with jitter.
 */
export async function recordOutcome(
  tx: Executor,
  email: EmailLogRow,
  outcome: SmtpOutcome,
  policy: EmailDeliveryPolicy,
  log: Logger,
): Promise<void> {
  const attempts = email.attempts + 1;
  const answer = { attempts, lastAnswer: outcome.answer, lastResponseCode: outcome.responseCode };
  const context = { to: email.toAddresses.map(maskEmail), answer: outcome.answer };

  if (outcome.kind === 'SENT') {
    await update(tx, email.id, {
      ...answer,
      status: 'SENT',
      sentAt: new Date(),
      nextAttemptAt: null,
    });
    log.info({ ...context, rejected: outcome.rejected.map(maskEmail) }, 'email sent');
  } else if (outcome.kind === 'PERMANENT' || attempts >= policy.maxAttempts) {
    await update(tx, email.id, {
      ...answer,
      status: 'FAILED',
      failedAt: new Date(),
      nextAttemptAt: null,
    });
    log.warn(
      { ...context, kind: outcome.kind, errorCode: outcome.errorCode },
      'email delivery failed',
    );
  } else {
    const nextAttemptAt = new Date(Date.now() + backoffDelay(attempts, policy));
    await update(tx, email.id, { ...answer, nextAttemptAt });
    await enqueueAfterCommit(
      tx,
      DELIVER_EMAIL_JOB,
      { emailId: email.id, attempt: attempts + 1 },
      nextAttemptAt,
    );
    log.warn(
      { ...context, errorCode: outcome.errorCode, nextAttemptAt },
      'email delivery will be retried',
    );
  }
}

function update(tx: Executor, id: string, values: Partial<typeof emailLog.$inferInsert>) {
  return tx.update(emailLog).set(values).where(eq(emailLog.id, id));
}
