import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { anyOf } from '../../graphql/pagination.js';
import { backoffDelay } from '../../jobs/backoff.js';
import { enqueueManyAfterCommit } from '../../jobs/outbox.js';
import {
  type EmailDeliveryServices,
  recordOutcome,
  senderIdentity,
  sendEmail,
} from './deliver-email.js';
import { DELIVER_EMAIL_JOB } from './job-names.js';
import type { EmailLogRow } from './queue-email.js';
import { loadSenderEndpoint } from './sender-endpoint.js';
import type { SmtpEndpoint, SmtpOutcome } from './smtp-types.js';
import { emailLog } from './tables.js';

export interface DeliverEmailBatchData extends Record<string, unknown> {
  /** Queued emails whose first attempt this job makes. */
  emailIds: string[];
}

/** Messages of one batch in flight at once; the pool of each sender has 5 connections. */
const MAX_IN_FLIGHT = 5;

type Endpoint = Awaited<ReturnType<typeof loadSenderEndpoint>>;

/** An attempt's outcome, or null when the email was held back because its server failed. */
type BatchOutcome = SmtpOutcome | null;

/**
 * Makes the first attempt of several queued emails in one transaction, over pooled connections.
 * The rows stay locked while the servers are contacted, and rows another worker has locked are
 * skipped because that worker is sending them, so no email goes out twice at once. Once a
 * server fails temporarily, the batch holds back its remaining emails for that server. Each of
 * them gets an `email.deliver` job for its first attempt after the retry delay, so a server
 * that hangs costs the batch one timeout, not one per email.
 */
export async function deliverEmailBatch(
  services: EmailDeliveryServices,
  data: DeliverEmailBatchData,
): Promise<void> {
  const { db, policy, log } = services;

  await db.transaction(async (tx) => {
    const emails = await tx
      .select()
      .from(emailLog)
      .where(
        and(
          anyOf(emailLog.id, data.emailIds),
          eq(emailLog.status, 'QUEUED'),
          eq(emailLog.attempts, 0),
        ),
      )
      .orderBy(asc(emailLog.id))
      .for('update', { skipLocked: true });
    if (emails.length === 0) return;

    const endpoints = await loadEndpoints(tx, emails, services);
    const outcomes = await sendAll(tx, emails, endpoints, services);

    const sent = emails.filter((email) => outcomes.get(email.id)?.kind === 'SENT');
    const heldBack = emails.filter((email) => outcomes.get(email.id) === null);
    await recordSent(tx, sent, outcomes);
    await holdBack(tx, heldBack, services);
    for (const email of emails) {
      const outcome = outcomes.get(email.id);
      if (outcome && outcome.kind !== 'SENT') {
        await recordOutcome(
          tx,
          email,
          outcome,
          policy,
          log.child({ emailId: email.id, attempt: 1 }),
        );
      }
    }
    log.info(
      {
        emails: emails.length,
        sent: sent.length,
        heldBack: heldBack.length,
        failed: emails.length - sent.length - heldBack.length,
      },
      'email batch attempted',
    );
  });
}

/** Loads the server and login of each sender in the batch once. */
async function loadEndpoints(
  tx: Executor,
  emails: EmailLogRow[],
  services: EmailDeliveryServices,
): Promise<Map<string, Endpoint>> {
  const endpoints = new Map<string, Endpoint>();
  for (const email of emails) {
    const identity = senderIdentity(email);
    if (endpoints.has(identity)) continue;

    const endpoint = await loadSenderEndpoint(
      tx,
      email,
      services.cipher,
      services.policy.timeoutMs,
    );
    endpoints.set(identity, endpoint);
  }

  return endpoints;
}

/** Sends the emails, MAX_IN_FLIGHT at a time, skipping senders whose server failed temporarily. */
async function sendAll(
  tx: Executor,
  emails: EmailLogRow[],
  endpoints: Map<string, Endpoint>,
  services: EmailDeliveryServices,
): Promise<Map<string, BatchOutcome>> {
  const outcomes = new Map<string, BatchOutcome>();
  const failing = new Set<string>();
  let next = 0;

  async function sendNext(): Promise<void> {
    while (next < emails.length) {
      const email = emails[next]!;
      next += 1;
      const identity = senderIdentity(email);
      const endpoint = endpoints.get(identity)!;
      if (failing.has(identity)) {
        outcomes.set(email.id, null);
        continue;
      }
      const outcome = isEndpoint(endpoint)
        ? await sendEmail(tx, services, email, endpoint)
        : endpoint;
      if (outcome.kind === 'TEMPORARY') failing.add(identity);
      outcomes.set(email.id, outcome);
    }
  }

  const lanes = Math.min(MAX_IN_FLIGHT, emails.length);
  await Promise.all(Array.from({ length: lanes }, () => sendNext()));

  return outcomes;
}

function isEndpoint(endpoint: Endpoint): endpoint is SmtpEndpoint {
  return !('answer' in endpoint);
}

/** Marks the accepted emails SENT with one statement, keeping each server reply. */
async function recordSent(
  tx: Executor,
  sent: EmailLogRow[],
  outcomes: Map<string, BatchOutcome>,
): Promise<void> {
  if (sent.length === 0) return;

  const ids = sent.map((email) => email.id);
  const answers = sent.map((email) => outcomes.get(email.id)!.answer);
  const codes = sent.map((email) => outcomes.get(email.id)!.responseCode);
  await tx.execute(sql`
    update ${emailLog} set status = 'SENT', attempts = 1, last_answer = reply.answer,
      last_response_code = reply.code, sent_at = now(), next_attempt_at = null
    from unnest(${sql.param(ids)}::uuid[], ${sql.param(answers)}::text[], ${sql.param(codes)}::int[])
      as reply(id, answer, code)
    where ${emailLog.id} = reply.id`);
}

/**
 * Gives each held-back email a job for its first attempt after the retry delay, and records
 * that time so the stale-email sweep leaves it alone until then.
 */
async function holdBack(
  tx: Executor,
  emails: EmailLogRow[],
  services: EmailDeliveryServices,
): Promise<void> {
  if (emails.length === 0) return;

  const jobs = emails.map((email) => ({
    jobName: DELIVER_EMAIL_JOB,
    data: { emailId: email.id, attempt: 1 },
    runAt: new Date(Date.now() + backoffDelay(1, services.policy)),
  }));
  for (const job of jobs) {
    await tx
      .update(emailLog)
      .set({ nextAttemptAt: job.runAt })
      .where(eq(emailLog.id, job.data.emailId));
  }
  await enqueueManyAfterCommit(tx, jobs);
  services.log.warn({ count: emails.length }, 'emails held back after a temporary server failure');
}
