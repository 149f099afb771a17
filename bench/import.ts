/**
 * Email import benchmark: messages per second for the file import and the IMAP import of a
 * generated message set, next to the parser alone on the same messages, with SQL statements and
 * memory of the importing process. `runImportBenchmark` returns a markdown section; run directly
 * (`npx tsx bench/import.ts`) it prints it.
 *
 * Environment:
 * - IMPORT_BENCH_MESSAGES: RFC 5322 messages, default 10000;
 * - IMPORT_BENCH_EXPORT_MESSAGES: messages in the text exports, default 600;
 * - IMPORT_BENCH_SEED: the generator's seed, default 20240108;
 * - IMPORT_BENCH_IMPORT_SECONDS: how long each import runs before it is stopped, default 70, so
 *   the benchmark takes about 4 minutes on 2 cores; 0 imports every message (about 7 minutes);
 * - BENCH_DATABASE_URL: an admin URL of a local PostgreSQL server;
 * - CRM_FIXTURES_DIR: the email corpus folder.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { corpusAvailable, fixturesDir } from '../test/mail-corpus.js';
import { dovecotUnavailable, startDovecot, type TestDovecot } from '../test/support/dovecot.js';
import type { ChildResult } from './import-child.js';
import { generateCorpus } from './import-corpus.js';
import { formatImportSection } from './import-report.js';
import {
  addBenchMailbox,
  appendToDovecot,
  type BenchDatabases,
  createBenchDatabases,
  readOutcomes,
} from './import-setup.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MESSAGES = Number(process.env.IMPORT_BENCH_MESSAGES ?? 10_000);
const EXPORT_MESSAGES = Number(process.env.IMPORT_BENCH_EXPORT_MESSAGES ?? 600);
const SEED = Number(process.env.IMPORT_BENCH_SEED ?? 20240108);
/** Seconds each import runs before it is stopped; 0 imports every message. */
const IMPORT_SECONDS = Number(process.env.IMPORT_BENCH_IMPORT_SECONDS ?? 70);
const CHILD_SCRIPT = fileURLToPath(new URL('./import-child.ts', import.meta.url));
const BENCH_SECRET = 'bench-secret-for-mailbox-passwords-0123456789';
const FOLDER = 'Bench';
/** Characters of a child's stderr kept for the error message when it fails. */
const STDERR_TAIL = 4000;

/**
 * Runs the child script in one role until it exits and returns its JSON line. Its stderr (the
 * import's progress lines) is dropped unless it fails.
 */
async function runChild(args: string[]): Promise<ChildResult> {
  // Without REDIS_URL the import publishes its events with PostgreSQL NOTIFY.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'warn',
    CRM_SECRET: BENCH_SECRET,
    IMPORT_BENCH_IMPORT_SECONDS: String(IMPORT_SECONDS),
  };
  delete env.REDIS_URL;
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD_SCRIPT, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let result: ChildResult | null = null;
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.startsWith('{')) result = JSON.parse(line) as ChildResult;
  }
  const code = await exited;
  if (code !== 0 || !result) {
    throw new Error(`bench/import-child.ts ${args[0]} exited with code ${code}:\n${stderr}`);
  }

  return result;
}

function machine(): string {
  const cores = cpus();

  return `${cores.length} x ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

async function generate(dir: string) {
  console.error(`generating ${MESSAGES} + ${EXPORT_MESSAGES} messages in ${dir}`);
  const corpus = await generateCorpus({
    dir,
    fixturesDir,
    messages: MESSAGES,
    exportMessages: EXPORT_MESSAGES,
    seed: SEED,
  });
  const total = corpus.messages.length + corpus.exportFiles.reduce((sum, f) => sum + f.messages, 0);

  return { corpus, total };
}

async function measure(work: string, databases: BenchDatabases, dovecot: TestDovecot) {
  const dir = join(work, 'messages');
  await mkdir(dir);
  const { corpus, total } = await generate(dir);
  const fileUrl = await databases.copy('file');
  const imapUrl = await databases.copy('imap');
  const baseline = await readOutcomes(fileUrl);
  console.error(`appending ${corpus.messages.length} messages to Dovecot`);
  const appendSeconds = await appendToDovecot(dovecot, FOLDER, corpus.messages);
  const mailboxId = await addBenchMailbox(imapUrl, dovecot, FOLDER, BENCH_SECRET);

  console.error('parser floor');
  const floor = await runChild(['floor', dir]);
  if (floor.messages !== total) {
    throw new Error(`the readers found ${floor.messages} messages of the ${total} generated`);
  }
  console.error('file import');
  const file = await runChild(['file', fileUrl, dir, join(work, 'data-file')]);
  console.error('IMAP import');
  const imap = await runChild(['imap', imapUrl, mailboxId, join(work, 'data-imap')]);
  const fileOutcomes = await readOutcomes(fileUrl);
  const imapOutcomes = await readOutcomes(imapUrl);

  return formatImportSection({
    date: new Date().toISOString().slice(0, 10),
    machine: machine(),
    seed: SEED,
    limitSeconds: IMPORT_SECONDS,
    corpus,
    appendSeconds,
    baselineTasks: baseline.tasks,
    floor: { path: 'parser floor', total, messages: total, floorRate: null, result: floor },
    file: {
      path: 'file import',
      total,
      messages: fileOutcomes.messages,
      floorRate: floor.messages! / floor.seconds,
      result: file,
      outcomes: fileOutcomes,
    },
    imap: {
      path: 'IMAP import',
      total: corpus.messages.length,
      messages: imapOutcomes.messages,
      floorRate: floor.rfc5322Messages! / floor.rfc5322Seconds!,
      result: imap,
      outcomes: imapOutcomes,
    },
  });
}

/** Generates the messages, measures the three paths and returns the `## Email import` section. */
export async function runImportBenchmark(): Promise<string> {
  if (!corpusAvailable) throw new Error(`email corpus not found at ${fixturesDir}`);
  const unavailable = dovecotUnavailable();
  if (unavailable) throw new Error(unavailable);

  const work = await mkdtemp(join(tmpdir(), 'crm-bench-import-'));
  const dovecot = await startDovecot();
  let databases: BenchDatabases | null = null;
  try {
    databases = await createBenchDatabases(ADMIN_URL);

    return await measure(work, databases, dovecot);
  } finally {
    await databases?.dropAll();
    await dovecot.stop();
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runImportBenchmark()
    .then((section) => console.log(section))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
