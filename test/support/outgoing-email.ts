import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { hashPassword } from '../../src/auth/passwords.js';
import { users } from '../../src/auth/tables.js';
import type { Database } from '../../src/db/client.js';
import { queueEmail, type QueueEmailInput } from '../../src/mail/outgoing/queue-email.js';
import { saveMailbox } from '../../src/mail/outgoing/mailboxes.js';
import { createPasswordCipher } from '../../src/mail/outgoing/password-cipher.js';
import { createSmtpServer } from '../../src/mail/outgoing/smtp-servers.js';
import { emailLog } from '../../src/mail/outgoing/tables.js';
import type { WorkerConfig, WorkerOptions } from '../../src/jobs/worker.js';
import type { TestSmtpServer } from './smtp-server.js';

/** The CRM secret of test processes; every process of one test must use the same. */
export const TEST_CRM_SECRET = 'test-secret-for-mailbox-passwords-0123456789';

export const testCipher = createPasswordCipher(TEST_CRM_SECRET);

/** Worker settings for tests: fast polls and retries, short SMTP timeouts. */
export async function testWorkerSetup(): Promise<{ config: WorkerConfig; options: WorkerOptions }> {
  return {
    config: {
      MONGODB_URL: null,
      REDIS_URL: null,
      DATA_DIR: await mkdtemp(join(tmpdir(), 'crm-worker-')),
      CRM_SECRET: TEST_CRM_SECRET,
    },
    options: {
      processEveryMs: 200,
      outboxPollMs: 500,
      drainTimeoutMs: 5000,
      // Tests run several workers at once against one PostgreSQL server.
      databasePoolSize: 4,
      emailDelivery: { maxAttempts: 4, initialDelayMs: 100, maxDelayMs: 400, timeoutMs: 1500 },
    },
  };
}

/** Inserts a user whose mailbox logs in to `smtp` as `login` with `password`. */
export async function createSender(
  db: Database,
  smtp: TestSmtpServer,
  name: string,
  mailbox: { login: string; password: string },
): Promise<string> {
  const email = `${name.toLowerCase()}@crm.test`;
  const [user] = await db
    .insert(users)
    .values({ email, name, role: 'AGENT', passwordHash: await hashPassword('unused-password') })
    .returning();
  const server = await createSmtpServer(db, testCipher, {
    name: `smtp-${name}-${smtp.port}`,
    host: smtp.host,
    port: smtp.port,
    security: 'NONE',
    senderAddress: `crm@${name.toLowerCase()}.test`,
    username: null,
    isDefault: false,
  });
  await saveMailbox(db, testCipher, user!.id, {
    smtpServerId: server.id,
    emailAddress: email,
    username: mailbox.login,
    password: mailbox.password,
  });

  return user!.id;
}

export function queueTestEmail(db: Database, input: QueueEmailInput) {
  return db.transaction((tx) => queueEmail(tx, input));
}

/** Polls the email log until `accept` holds for the email, or fails after `timeoutMs`. */
export async function waitForEmail(
  db: Database,
  id: string,
  accept: (row: typeof emailLog.$inferSelect) => boolean,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db.select().from(emailLog).where(eq(emailLog.id, id));
    if (row && accept(row)) return row;
    if (Date.now() > deadline) {
      throw new Error(
        `email ${id} did not reach the expected state: ${JSON.stringify(row?.status)}, attempts ${row?.attempts}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
