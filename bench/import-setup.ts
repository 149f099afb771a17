/**
 * Set-up of the email import benchmark, none of it timed: throw-away databases seeded from one
 * template, the generated messages appended to a Dovecot folder, and the outcome counts read back.
 */
import { ImapFlow } from 'imapflow';
import postgres from 'postgres';
import { createDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { createImapMailbox } from '../src/mail/imap/imap-mailboxes.js';
import { createPasswordCipher } from '../src/mail/outgoing/password-cipher.js';
import { seedDemo } from '../src/seed/seed-demo.js';
import { seedCorpusDirectory } from '../test/mail-import-corpus.js';
import type { TestDovecot } from '../test/support/dovecot.js';
import type { GeneratedMessage } from './import-corpus.js';

export interface BenchDatabases {
  /** Creates a database copied from the seeded template and returns its URL. */
  copy(suffix: string): Promise<string>;
  /** Drops the template and every copy. */
  dropAll(): Promise<void>;
}

function urlOf(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;

  return url.toString();
}

/**
 * Creates the template database: migrations, the demo data set (2,000 partners at scale 1) and
 * the corpus partner directory, whose site addresses the generated messages come from.
 */
export async function createBenchDatabases(adminUrl: string): Promise<BenchDatabases> {
  const prefix = `crm_bench_import_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  const names = [prefix];
  await admin.unsafe(`create database ${prefix}`);
  const templateUrl = urlOf(adminUrl, prefix);
  await migrateDatabase(templateUrl);
  const database = createDatabase(templateUrl, { max: 2 });
  try {
    await seedDemo(database.db, { scale: 1 });
    await seedCorpusDirectory(database.db);
  } finally {
    await database.close();
  }

  return {
    async copy(suffix) {
      const name = `${prefix}_${suffix}`;
      await admin.unsafe(`create database ${name} template ${prefix}`);
      names.push(name);

      return urlOf(adminUrl, name);
    },
    async dropAll() {
      for (const name of names.reverse()) {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      }
      await admin.end();
    },
  };
}

/** Appends the messages in order, each with its date as INTERNALDATE; returns the seconds taken. */
export async function appendToDovecot(
  dovecot: TestDovecot,
  folder: string,
  messages: GeneratedMessage[],
): Promise<number> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: dovecot.user.username, pass: dovecot.user.password },
    logger: false,
  });
  await client.connect();
  const started = performance.now();
  try {
    await client.mailboxCreate(folder);
    for (const message of messages) await client.append(folder, message.raw, [], message.date);
  } finally {
    await client.logout();
  }

  return (performance.now() - started) / 1000;
}

/** Adds the Dovecot folder as an IMAP mailbox of the CRM and returns its id. */
export async function addBenchMailbox(
  url: string,
  dovecot: TestDovecot,
  folder: string,
  secret: string,
): Promise<string> {
  const database = createDatabase(url, { max: 1 });
  try {
    const mailbox = await createImapMailbox(database.db, createPasswordCipher(secret), {
      name: 'bench',
      host: dovecot.host,
      port: dovecot.port,
      security: 'NONE',
      username: dovecot.user.username,
      password: dovecot.user.password,
      folder,
      enabled: true,
    });

    return mailbox.id;
  } finally {
    await database.close();
  }
}

export interface Outcomes {
  /** Imported email rows by status. */
  statuses: Record<string, number>;
  messages: number;
  tasks: number;
}

/** Counts what an import recorded: email rows by status, and all tasks. */
export async function readOutcomes(url: string): Promise<Outcomes> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const rows = await sql<{ status: string; count: number }[]>`
      select status, count(*)::int as count from imported_emails group by status order by status`;
    const [tasks] = await sql<{ count: number }[]>`select count(*)::int as count from tasks`;
    const statuses = Object.fromEntries(rows.map((row) => [row.status, row.count]));
    const messages = rows.reduce((sum, row) => sum + row.count, 0);

    return { statuses, messages, tasks: tasks!.count };
  } finally {
    await sql.end();
  }
}
