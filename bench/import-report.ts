import type { GeneratedCorpus } from './import-corpus.js';
import type { ChildResult } from './import-child.js';
import type { Outcomes } from './import-setup.js';

export interface ImportRow {
  path: string;
  /** Messages the path could read. */
  total: number;
  /** Messages it read or imported, fewer than `total` when the import was stopped. */
  messages: number;
  /** Messages per second of the floor this row is compared with; null for the floor row. */
  floorRate: number | null;
  result: ChildResult;
}

export interface ImportReportContext {
  date: string;
  machine: string;
  seed: number;
  /** Seconds each import ran before it was stopped; 0 when none was. */
  limitSeconds: number;
  corpus: GeneratedCorpus;
  appendSeconds: number;
  floor: ImportRow;
  file: ImportRow & { outcomes: Outcomes };
  imap: ImportRow & { outcomes: Outcomes };
  /** Tasks in the seeded database before any import. */
  baselineTasks: number;
}

const MB = 1024 * 1024;

function row(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

function megabytes(bytes: number): string {
  return (bytes / MB).toFixed(1);
}

function rateOf(entry: ImportRow): number {
  return entry.messages / entry.result.seconds;
}

function percentOfFloor(entry: ImportRow): string {
  return ((rateOf(entry) / entry.floorRate!) * 100).toFixed(0);
}

function tableRow(entry: ImportRow): string {
  const ratio = entry.floorRate === null ? 1 : rateOf(entry) / entry.floorRate;
  const messages = entry.result.stopped ? `${entry.messages} of ${entry.total}` : entry.messages;

  return row([
    entry.path,
    messages,
    entry.result.seconds.toFixed(1),
    rateOf(entry).toFixed(0),
    ratio.toFixed(2),
    (entry.result.statements / entry.messages).toFixed(1),
    ((entry.result.cpuSeconds * 1000) / entry.messages).toFixed(2),
    entry.result.peakRssMb.toFixed(0),
    entry.result.peakHeapMb.toFixed(0),
  ]);
}

function describeCorpus(context: ImportReportContext): string[] {
  const { corpus } = context;
  const exports = corpus.exportFiles.reduce((sum, file) => sum + file.messages, 0);
  const mboxes = corpus.mboxFiles.map((file) => `${file.messages} (${megabytes(file.bytes)} MB)`);
  const allFiles = [...corpus.emlFiles, ...corpus.mboxFiles, ...corpus.exportFiles];
  const bytes = allFiles.reduce((sum, file) => sum + file.bytes, 0);
  const mix = [...corpus.mix]
    .sort((first, second) => second[1] - first[1])
    .map(([name, count]) => `${name} ${count}`);

  return [
    `Messages: ${corpus.messages.length + exports} generated with seed ${context.seed} from templates`,
    `built on the email corpus cases: ${corpus.messages.length} RFC 5322 messages as`,
    `${corpus.emlFiles.length} .eml files and ${corpus.mboxFiles.length} mbox files of`,
    `${mboxes.join(', ')} messages, plus ${exports} messages in 2 Outlook and 2 Thunderbird text`,
    `exports, one of them in windows-1250; ${allFiles.length} files, ${megabytes(bytes)} MB.`,
    'Each message has its own Message-ID, date, subject number and body numbers. Senders are the 18',
    'site addresses of the corpus partners, and 4 % are unknown addresses. The database also holds',
    'the demo data set (2,000 partners, 4,017 site addresses). PDF attachments are 4-40 KB, and',
    `5 % of them 100-500 KB. Mix: ${mix.join(', ')}.`,
  ];
}

function describeMethod(context: ImportReportContext): string[] {
  const { imap } = context;
  const limit =
    context.limitSeconds > 0
      ? [
          `Each import is stopped after ${context.limitSeconds} s (IMPORT_BENCH_IMPORT_SECONDS) with`,
          'the message in flight uncommitted, and counts the messages committed by then. Files are',
          'imported in name order, which puts every file kind in the first 40 % of the messages.',
        ]
      : [];

  return [
    'Each path runs alone in its own child process, against a fresh copy of the seeded database',
    "on the machine's PostgreSQL. The parser floor reads and parses every file with the product's",
    'readers and touches no database. The file import is `crm import-mail DIR --keep`. The IMAP',
    'import repeats `syncMailbox` (500 messages per run, as the sync job does) against a private',
    `Dovecot on loopback, where the ${imap.total} RFC 5322 messages were appended beforehand in`,
    `${context.appendSeconds.toFixed(0)} s. The IMAP ratio is to the parser's rate on those messages`,
    `alone, ${imap.floorRate!.toFixed(0)} messages/s.`,
    ...limit,
    'SQL statements are those sent through Drizzle, so BEGIN and COMMIT of the transaction per',
    'message and the NOTIFY of each event are not counted. CPU is that of the importing process',
    'only. Peak RSS is from getrusage; peak heap is the V8 heap in use, sampled every 20 ms.',
  ];
}

function describeOutcomes(context: ImportReportContext): string {
  const { file, imap } = context;
  const statuses = new Set([
    ...Object.keys(file.outcomes.statuses),
    ...Object.keys(imap.outcomes.statuses),
  ]);
  const pairs = [...statuses].map(
    (status) =>
      `${status} ${file.outcomes.statuses[status] ?? 0} / ${imap.outcomes.statuses[status] ?? 0}`,
  );
  const created = (outcomes: Outcomes) => outcomes.tasks - context.baselineTasks;

  return (
    `Outcomes, file / IMAP: ${pairs.join(', ')}; tasks created ` +
    `${created(file.outcomes)} / ${created(imap.outcomes)}.`
  );
}

function reading(context: ImportReportContext): string[] {
  const { floor, file, imap } = context;
  const cpuMs = (entry: ImportRow) => (entry.result.cpuSeconds * 1000) / entry.messages;
  const waitPercent = (entry: ImportRow) =>
    ((1 - entry.result.cpuSeconds / entry.result.seconds) * 100).toFixed(0);
  const largestMbox = Math.max(...context.corpus.mboxFiles.map((mbox) => mbox.bytes));

  return [
    `Reading: the parser reads ${rateOf(floor).toFixed(0)} messages/s. The file import reaches`,
    `${percentOfFloor(file)} % of that rate and the IMAP import ${percentOfFloor(imap)} % of the`,
    "parser's rate on its messages. Each imported message is its own transaction of about",
    `${(file.result.statements / file.messages).toFixed(0)} statements. The importing process`,
    `spends ${cpuMs(file).toFixed(1)} ms (file) and ${cpuMs(imap).toFixed(1)} ms (IMAP) of CPU per`,
    `message against ${cpuMs(floor).toFixed(1)} ms for parsing alone. It is off the CPU the other`,
    `${waitPercent(file)} % and ${waitPercent(imap)} % of the time, waiting for PostgreSQL (over IMAP`,
    'also for the FETCH of each message) or for a core, as PostgreSQL runs on the same cores.',
    `Peak RSS is ${file.result.peakRssMb.toFixed(0)} MB for the`,
    `file import with mbox files of up to ${megabytes(largestMbox)} MB, which the reader streams.`,
    'After a full garbage collection at the end, the heap in use is',
    `${floor.result.retainedHeapMb.toFixed(0)} MB (floor), ${file.result.retainedHeapMb.toFixed(0)} MB (file)`,
    `and ${imap.result.retainedHeapMb.toFixed(0)} MB (IMAP).`,
  ];
}

/** Renders the `## Email import` section of the benchmark page. */
export function formatImportSection(context: ImportReportContext): string {
  return [
    '## Email import',
    '',
    `Measured by \`npx tsx bench/import.ts\` on ${context.date}: ${context.machine}.`,
    ...describeCorpus(context),
    '',
    ...describeMethod(context),
    '',
    row([
      'path',
      'messages',
      'seconds',
      'messages/s',
      'ratio to floor',
      'SQL/message',
      'CPU ms/message',
      'peak RSS MB',
      'peak heap MB',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    tableRow(context.floor),
    tableRow(context.file),
    tableRow(context.imap),
    '',
    describeOutcomes(context),
    '',
    ...reading(context),
    '',
  ].join('\n');
}
