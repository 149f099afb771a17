import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../src/db/client.js';
import { forkCrmChild, type CrmChild } from './support/child-process.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import {
  createSender,
  queueTestEmail,
  TEST_CRM_SECRET,
  testWorkerSetup,
  waitForEmail,
} from './support/outgoing-email.js';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp-server.js';

async function childSettings(databaseUrl: string) {
  const { config, options } = await testWorkerSetup();

  return { databaseUrl, config, options };
}

/** Creates an empty database, without migrations, and returns its URL and a drop function. */
async function createEmptyDatabase() {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `crm_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;

  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

describe('workers', () => {
  it('start together on a fresh database', async () => {
    const database = await createEmptyDatabase();
    const settings = await childSettings(database.url);
    const workers = await Promise.all([
      forkCrmChild('worker', settings),
      forkCrmChild('worker', settings),
    ]);
    const codes = await Promise.all(workers.map((worker) => worker.stop()));
    await database.drop();

    expect(codes).toEqual([0, 0]);
  }, 120_000);

  describe('over one database', () => {
    let database: TestDatabase;
    let client: ReturnType<typeof createDatabase>;
    let smtp: TestSmtpServer;
    let senderId: string;
    let workers: CrmChild[] = [];

    beforeAll(async () => {
      database = await createTestDatabase();
      client = createDatabase(database.url);
      smtp = await startTestSmtpServer({ users: { 'ana.login': 'mailbox-secret' } });
      senderId = await createSender(client.db, smtp, 'Ana', {
        login: 'ana.login',
        password: 'mailbox-secret',
      });
      const settings = await childSettings(database.url);
      workers = await Promise.all([1, 2, 3].map(() => forkCrmChild('worker', settings)));
    }, 120_000);
    afterAll(async () => {
      await Promise.all(workers.map((worker) => worker.stop()));
      await smtp.close();
      await client.close();
      await database.drop();
    });

    it('deliver each queued email exactly once', async () => {
      smtp.failNext('451', 'drop', '421', '451', 'drop');
      const emails = [];
      for (let n = 0; n < 30; n += 1) {
        emails.push(
          await queueTestEmail(client.db, {
            senderUserId: senderId,
            to: [`client${n}@partner.test`],
            subject: `Batch ${n}`,
            text: 'Hello',
          }),
        );
      }
      const final = await Promise.all(
        emails.map((email) =>
          waitForEmail(client.db, email.id, (row) => row.status !== 'QUEUED', 60_000),
        ),
      );
      // Time for a duplicate delivery to arrive, if there were one.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const accepted = smtp.messages.map((message) => message.messageId).sort();

      expect(final.every((row) => row.status === 'SENT')).toBe(true);
      expect(accepted).toEqual(emails.map((email) => email.messageId).sort());
    }, 90_000);

    it('release their locks when stopped with SIGTERM mid-job', async () => {
      const stuck = await startTestSmtpServer({ users: { 'dan.login': 'dan-secret' } });
      const stuckSender = await createSender(client.db, stuck, 'Dan', {
        login: 'dan.login',
        password: 'dan-secret',
      });
      stuck.failAlways('hang');
      const email = await queueTestEmail(client.db, {
        senderUserId: stuckSender,
        to: ['late@partner.test'],
        subject: 'Interrupted',
        text: 'Hello',
      });
      await stuck.waitForReceived(1);
      const codes = await Promise.all(workers.map((worker) => worker.stop()));
      workers = [];
      const locked = await client.db.execute<{ count: number }>(
        sql`select count(*)::int as count from agenda_jobs where locked_at is not null`,
      );
      const row = await waitForEmail(client.db, email.id, () => true);
      await stuck.close();

      expect(codes).toEqual([0, 0, 0]);
      expect(locked[0]!.count).toBe(0);
      expect(row.attempts).toBe(1);
      expect(row.lastAnswer).toMatch(/timeout/i);
    }, 90_000);
  });

  it('run from the crm worker command and stop on SIGTERM', async () => {
    const database = await createTestDatabase();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        CRM_SECRET: TEST_CRM_SECRET,
        DATA_DIR: await mkdtemp(join(tmpdir(), 'crm-cli-worker-')),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const deadline = Date.now() + 60_000;
    while (!output.includes('worker started') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    await database.drop();

    expect(output).toContain('worker started');
    expect(output).toContain('worker stopped');
    expect(code).toBe(0);
  }, 90_000);
});
