/**
 * A child process of the email import benchmark, so its memory is measured alone. Roles:
 * - `floor DIR`: reads and parses every file of DIR with the product's readers, nothing else;
 * - `file DATABASE_URL DIR DATA_DIR`: `crm import-mail DIR --keep`, the command-line import;
 * - `imap DATABASE_URL MAILBOX_ID DATA_DIR`: IMAP sync runs of the mailbox until none is left,
 *   as the sync job repeats itself while messages wait. CRM_SECRET must be set.
 * Each prints one JSON line with its `ChildResult` and exits; an import also does so when
 * IMPORT_BENCH_IMPORT_SECONDS have passed. Each role imports only the modules it runs, so the
 * floor's memory is not that of the whole product.
 */
import { extname } from 'node:path';
import { runWithStatementCount, type StatementCount } from '../src/db/statement-counter.js';

export interface ChildResult {
  seconds: number;
  /** User + system CPU time of this process. */
  cpuSeconds: number;
  /** SQL statements sent through Drizzle; transaction control is not counted. */
  statements: number;
  /** Peak resident set size of the process, from getrusage. */
  peakRssMb: number;
  /** Peak V8 heap in use, sampled every 20 ms. */
  peakHeapMb: number;
  /** V8 heap in use after a full garbage collection at the end: what the process retained. */
  retainedHeapMb: number;
  /** Floor only: messages read, and the seconds spent on .eml and mbox files. */
  messages?: number;
  failed?: number;
  rfc5322Messages?: number;
  rfc5322Seconds?: number;
  /** IMAP only: completed sync runs. */
  runs?: number;
  /** True when the import was stopped at IMPORT_BENCH_IMPORT_SECONDS before it finished. */
  stopped: boolean;
}

const MB = 1024 * 1024;
/** Seconds after which an import stops and reports; 0 lets it finish. The floor always finishes. */
const LIMIT_SECONDS = Number(process.env.IMPORT_BENCH_IMPORT_SECONDS ?? 0);

function sampleHeap(): { peak: () => number; stop: () => void } {
  let peak = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 20);

  return {
    peak: () => Math.max(peak, process.memoryUsage().heapUsed),
    stop: () => clearInterval(timer),
  };
}

async function readAll(dir: string, details: Partial<ChildResult>): Promise<void> {
  const { listWaitingFiles } = await import('../src/mail/import/import-folder.js');
  const { readMailFile } = await import('../src/mail/readers/read-source.js');
  let messages = 0;
  let failed = 0;
  let rfc5322Messages = 0;
  let rfc5322Ms = 0;

  for (const path of await listWaitingFiles(dir, 0)) {
    const started = performance.now();
    let count = 0;
    for await (const entry of readMailFile(path)) {
      count += 1;
      if (!entry.ok) failed += 1;
    }
    messages += count;
    if (extname(path) !== '.txt') {
      rfc5322Messages += count;
      rfc5322Ms += performance.now() - started;
    }
  }

  Object.assign(details, { messages, failed, rfc5322Messages, rfc5322Seconds: rfc5322Ms / 1000 });
}

async function importFiles(url: string, dir: string, dataDir: string): Promise<void> {
  const { importMail } = await import('../src/cli/import-mail.js');
  const { parseConfig } = await import('../src/config.js');
  const config = parseConfig({ ...process.env, DATABASE_URL: url, DATA_DIR: dataDir });
  await importMail(config, [dir, '--keep']);
  if (process.exitCode) throw new Error(`crm import-mail exited with code ${process.exitCode}`);
}

async function syncAll(
  url: string,
  mailboxId: string,
  dataDir: string,
  details: Partial<ChildResult>,
): Promise<void> {
  const { createFileStore, fileStoreRoot } = await import('../src/attachments/index.js');
  const { parseConfig } = await import('../src/config.js');
  const { createDatabase } = await import('../src/db/client.js');
  const { createEventBus } = await import('../src/events/create-event-bus.js');
  const { moduleLogger } = await import('../src/logger.js');
  const { syncMailbox } = await import('../src/mail/imap/sync-mailbox.js');
  const { createEmailFileStore } = await import('../src/mail/import/email-files.js');
  const { createPasswordCipher } = await import('../src/mail/outgoing/password-cipher.js');
  const config = parseConfig({ ...process.env, DATABASE_URL: url, DATA_DIR: dataDir });
  const database = createDatabase(url, { max: config.DATABASE_POOL_SIZE });
  const events = await createEventBus(url, config.REDIS_URL);
  const store = createFileStore({ root: fileStoreRoot(dataDir), maxBytes: config.MAX_FILE_BYTES });
  const services = {
    db: database.db,
    events,
    files: createEmailFileStore(store),
    log: moduleLogger('bench-imap'),
    cipher: createPasswordCipher(config.CRM_SECRET!),
  };
  details.runs = 0;
  try {
    for (let more = true; more; details.runs += 1) {
      more = (await syncMailbox(services, mailboxId)).more;
    }
  } finally {
    await events.close();
    await database.close();
  }
}

/** Loads the modules of a role before the clock starts, so that loading them is not measured. */
async function preload(role: string | undefined): Promise<void> {
  if (role === 'floor') await import('../src/mail/readers/read-source.js');
  if (role === 'file') await import('../src/cli/import-mail.js');
  if (role === 'imap') {
    await Promise.all([
      import('../src/attachments/index.js'),
      import('../src/events/create-event-bus.js'),
      import('../src/mail/imap/sync-mailbox.js'),
    ]);
  }
}

function runRole(role: string | undefined, args: string[], details: Partial<ChildResult>) {
  if (role === 'floor') return readAll(args[0]!, details);
  if (role === 'file') return importFiles(args[0]!, args[1]!, args[2]!);
  if (role === 'imap') return syncAll(args[0]!, args[1]!, args[2]!, details);
  throw new Error(`unknown role "${role}": use floor, file or imap`);
}

async function main(): Promise<void> {
  const [role, ...args] = process.argv.slice(2);
  await preload(role);
  const heap = sampleHeap();
  const count: StatementCount = { statements: 0 };
  const details: Partial<ChildResult> = {};
  const cpu = process.cpuUsage();
  const started = performance.now();
  const report = (stopped: boolean) => {
    const used = process.cpuUsage(cpu);
    const seconds = (performance.now() - started) / 1000;
    const peakHeapMb = heap.peak() / MB;
    // The parent starts this process with --expose-gc.
    (globalThis as { gc?: () => void }).gc?.();
    const result: ChildResult = {
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      statements: count.statements,
      peakRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
      peakHeapMb,
      retainedHeapMb: process.memoryUsage().heapUsed / MB,
      stopped,
      ...details,
    };
    console.log(JSON.stringify(result));
  };
  // At the limit the process exits with the message in flight uncommitted, so the database contains
  // exactly the messages imported in time.
  const limit =
    role !== 'floor' && LIMIT_SECONDS > 0
      ? setTimeout(() => {
          report(true);
          process.exit(0);
        }, LIMIT_SECONDS * 1000)
      : null;

  await runWithStatementCount(count, () => runRole(role, args, details));
  if (limit) clearTimeout(limit);
  heap.stop();
  report(false);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
