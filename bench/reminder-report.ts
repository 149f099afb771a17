import type { Arrival } from './reminder-sink.js';

export interface BurstResult {
  path: string;
  delivered: number;
  /** Distinct reminders delivered per second, from the due time to the last arrival. */
  perSecond: number;
  /** Seconds from the due time to the arrival at the sink. */
  p50: number;
  p99: number;
  /** Reminders that arrived more than once. */
  duplicates: number;
  lost: number;
}

/** Summarizes the arrivals of one path against the `expected` reminders due at `dueAt`. */
export function summarize(
  path: string,
  arrivals: Arrival[],
  dueAt: number,
  expected: number,
): BurstResult {
  const timesByKey = new Map<string, number>();
  for (const arrival of arrivals)
    timesByKey.set(arrival.key, (timesByKey.get(arrival.key) ?? 0) + 1);
  const latencies = arrivals.map((arrival) => arrival.at - dueAt).sort((a, b) => a - b);
  const quantile = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  const last = arrivals.reduce((latest, arrival) => Math.max(latest, arrival.at), dueAt);

  return {
    path,
    delivered: timesByKey.size,
    perSecond: timesByKey.size / Math.max((last - dueAt) / 1000, 0.001),
    p50: quantile(0.5) / 1000,
    p99: quantile(0.99) / 1000,
    duplicates: [...timesByKey.values()].filter((times) => times > 1).length,
    lost: expected - timesByKey.size,
  };
}

export interface BurstContext {
  date: string;
  tasks: number;
  workers: number;
  processEveryMs: number;
  machine: string;
  /** Seconds from the due time until the reminder jobs had queued their emails, p50 and p99. */
  queued: [number, number];
  /** Reminders the scan recorded only after their due time, because the lead was too short. */
  recordedLate: number;
  /** Set when the product path did not deliver every reminder within the timeout. */
  timedOutAfterS: number | null;
}

function row(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Renders the benchmark section: what ran, the table with each path's ratio to the floor, and a reading. */
export function formatBurstSection(results: BurstResult[], context: BurstContext): string {
  const floor = results.find((result) => result.path === 'floor');
  const product = results.find((result) => result.path !== 'floor');
  const lines = [
    '## Reminder burst',
    '',
    ...wrap(
      `Measured by \`npx tsx bench/reminders.ts\` on ${context.date}: ${context.machine}.`,
      `${context.tasks} tasks with an EMAIL reminder due at the same moment,`,
      `${context.workers} worker processes, Agenda polling every ${context.processEveryMs} ms`,
      '(the product default is 5000). Latency runs from the due time to the arrival at an SMTP',
      'sink in the benchmark process. The CRM path is the product: the reminder scan, the outbox,',
      'Agenda jobs of up to 50 reminders, the delivery rows, the email log, and batch email jobs',
      'sending over pooled SMTP connections. The floor claims due rows with one',
      '`UPDATE ... FOR UPDATE SKIP LOCKED` per 100 and sends them over pooled SMTP connections in',
      'as many processes, with no job queue, no email log and no exactly-once record.',
    ),
    '',
    row([
      'path',
      'delivered',
      'reminders/s',
      'ratio to floor',
      'p50 s',
      'p99 s',
      'duplicates',
      'lost',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...results.map((result) =>
      row([
        result.path,
        result.delivered,
        result.perSecond.toFixed(1),
        floor ? ratio(result, floor) : '-',
        result.p50.toFixed(2),
        result.p99.toFixed(2),
        result.duplicates,
        result.lost,
      ]),
    ),
    '',
    ...reading(product, floor, context),
  ];

  return `${lines.join('\n')}\n`;
}

function reading(
  product: BurstResult | undefined,
  floor: BurstResult | undefined,
  context: BurstContext,
): string[] {
  if (!product || !floor) return [];

  const drainS = product.delivered / Math.max(product.perSecond, 0.001);
  const sentences = [
    `Reading: the CRM path delivered ${product.delivered} of ${context.tasks} reminders`,
    `${drainS.toFixed(0)} s after their due time, ${product.perSecond.toFixed(0)} per second or`,
    `${ratio(product, floor)} of the floor's rate. The reminder jobs had queued the emails`,
    `${context.queued[0].toFixed(1)} s (p50) and ${context.queued[1].toFixed(1)} s (p99) after`,
    'the due time, and the email batch jobs and SMTP add the rest of the latency. Both paths',
    'share the cores with PostgreSQL and the sink. Duplicates must stay 0 on both paths.',
  ];
  if (context.recordedLate > 0) {
    sentences.push(
      `The scan recorded ${context.recordedLate} reminders only after their due time, so the`,
      'latency includes the scan. A longer REMINDER_BENCH_LEAD_S leaves it out.',
    );
  }
  if (context.timedOutAfterS !== null) {
    sentences.push(`The CRM path did not finish within the ${context.timedOutAfterS} s timeout.`);
  }
  const lines = wrap(...sentences);

  return lines;
}

/**
 * Joins text pieces into one paragraph and breaks it into lines of at most 95 characters,
 * never inside a `code span`.
 */
function wrap(...pieces: string[]): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of pieces.join(' ').match(/\S*`[^`]*`\S*|\S+/g) ?? []) {
    if (line && line.length + 1 + word.length > 95) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);

  return lines;
}

function ratio(result: BurstResult, floor: BurstResult): string {
  return floor.perSecond > 0 ? (result.perSecond / floor.perSecond).toFixed(2) : '-';
}
