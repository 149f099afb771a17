import type { LoadResult, RateResult } from './fanout-load.js';
import { FANOUT_EVENTS } from './fanout-subscribers.js';

export interface FanoutPathResult extends LoadResult {
  name: string;
}

export interface FanoutReportContext {
  machine: string;
  subscribers: number;
  users: number;
  seconds: number;
  warmupSeconds: number;
  /** The Redis URL when nothing listened there and the Redis path was skipped. */
  redisSkipped: string | null;
}

function row(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

function describeTransports(result: FanoutPathResult): string {
  const names = { ws: 'graphql-ws', sse: 'SSE', floor: 'plain WebSocket' };

  return Object.entries(result.transports)
    .map(([transport, count]) => `${count} ${names[transport as keyof typeof names]}`)
    .join(' + ');
}

/** Counts each user's subscribers per event, as the load process assigns them. */
function describeSubscriptions(perUser: number): string {
  return FANOUT_EVENTS.map((event, index) => {
    const count = Array.from({ length: perUser }, (_, slot) => slot).filter(
      (slot) => slot % FANOUT_EVENTS.length === index,
    ).length;

    return `${count} \`${event}\``;
  }).join(', ');
}

function rateTable(results: FanoutPathResult[], rate: number): string[] {
  const lines = [
    `### ${rate} events/s`,
    '',
    row([
      'path',
      'subscribers',
      'events/s',
      'expected',
      'delivered',
      'lost',
      'duplicates',
      'wrong user',
      'p50 ms',
      'p99 ms',
      'max ms',
      'server CPU',
      'SQL/delivery',
    ]),
    row(['---', '---', ...Array<string>(11).fill('---:')]),
  ];
  for (const result of results) {
    const measured = result.rates.find((entry) => entry.rate === rate)!;
    lines.push(
      row([
        result.name,
        describeTransports(result),
        measured.achievedRate.toFixed(1),
        measured.expected,
        measured.delivered,
        measured.lost,
        measured.duplicates,
        measured.misrouted,
        measured.p50.toFixed(1),
        measured.p99.toFixed(1),
        measured.max.toFixed(1),
        `${measured.serverCpuPercent.toFixed(0)} %`,
        measured.statementsPerDelivery.toFixed(2),
      ]),
    );
  }

  return lines;
}

function rateOf(result: FanoutPathResult | undefined, rate: number): RateResult | undefined {
  return result?.rates.find((entry) => entry.rate === rate);
}

/** Writes the reading from the measured numbers: faults, then each path against the floor. */
function reading(results: FanoutPathResult[], rates: number[]): string[] {
  const all = results.flatMap((result) => result.rates);
  const lost = all.reduce((sum, entry) => sum + entry.lost, 0);
  const faults = all.reduce((sum, entry) => sum + entry.duplicates + entry.misrouted, 0);
  const errors =
    all.reduce((sum, entry) => sum + entry.errors, 0) +
    results.reduce((sum, result) => sum + result.readyErrors, 0);
  const lines = [
    `Lost deliveries over all rows: ${lost}. Duplicates and wrong-user deliveries: ${faults}.` +
      ` Subscriber errors: ${errors}.`,
  ];
  const floor = results.find((result) => result.name.startsWith('floor'));
  for (const result of results) {
    if (result === floor) continue;
    const parts = rates.map((rate) => {
      const own = rateOf(result, rate)!;
      const base = rateOf(floor, rate);
      const versus = (value: number | undefined, unit: string) =>
        value === undefined ? '' : ` (floor ${value.toFixed(1)}${unit})`;

      return (
        `at ${rate}/s p50 ${own.p50.toFixed(1)} ms${versus(base?.p50, '')},` +
        ` p99 ${own.p99.toFixed(1)} ms${versus(base?.p99, '')},` +
        ` server CPU ${own.serverCpuPercent.toFixed(0)} %${versus(base?.serverCpuPercent, ' %')}`
      );
    });
    lines.push('', `${result.name}: ${parts.join('; ')}.`);
  }
  lines.push(
    '',
    'The gap to the floor is work per delivery: each subscription resolves its own selection,',
    'loading the task with its responsible employee and creator, or the message. The token',
    'checks of all subscriptions that receive an event in the same tick share one statement.',
    'The p99 and max columns move between runs when other processes share the machine (see the',
    'load average above), so compare them within one run.',
  );

  return lines;
}

/** Renders the fan-out section: one table per rate with a row per path, then the reading. */
export function formatFanoutReport(results: FanoutPathResult[], context: FanoutReportContext) {
  const rates = results[0]?.rates.map((entry) => entry.rate) ?? [];
  const perUser = context.subscribers / context.users;
  const lines = [
    '## Subscription fan-out',
    '',
    `Measured by \`npx tsx bench/fanout.ts\` on ${new Date().toISOString().slice(0, 10)}: ${context.machine}.`,
    `${context.subscribers} subscribers on ${context.users} users, ${perUser} per user`,
    `(${describeSubscriptions(perUser)}), each on its own connection and all held by one load`,
    "process. That process also publishes the events through the product's event bus",
    '(`createEventBus`, the bus the API and the worker publish to after a commit). Events go to',
    'each user in turn, then to the next event kind, and each names a fresh task or message row,',
    `which the subscription loads. Each rate runs ${context.warmupSeconds} s of warm-up, then ${context.seconds} s measured.`,
    'Latency runs from the publish call to the receipt, both read from the load process clock.',
    "Expected counts every subscriber of the event's user and kind, and lost is expected minus",
    'delivered, counted per subscriber and event. A delivery still missing 5 s after the window',
    'counts as lost. Server CPU is the user + system time of the',
    'server process in the measured window as a share of one core; PostgreSQL is not included.',
    'SQL/delivery is the statements the server ran in that window divided by the deliveries.',
    'The floor is a bare `ws` server that forwards each NOTIFY on the same channel to the sockets',
    'of its topic, with no GraphQL, token check or row load.',
    '',
  ];
  for (const result of results) {
    lines.push(
      `- ${result.name}: ${describeTransports(result)}; every subscriber listening ${result.readySeconds.toFixed(1)} s after the first connection.`,
    );
  }
  if (context.redisSkipped) {
    lines.push(`- Redis bus: skipped, because nothing listened at ${context.redisSkipped}.`);
  }
  lines.push('');
  for (const rate of rates) lines.push(...rateTable(results, rate), '');
  lines.push(...reading(results, rates), '');

  return lines.join('\n');
}
