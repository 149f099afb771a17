/**
 * Load process of the fan-out benchmark, run as a child so its CPU is not charged to the server.
 * Reads a JSON job file named by argv[2], opens the subscribers, publishes events through the
 * product's event bus at each rate, and prints one JSON line with counts and latencies. It then
 * waits for SIGTERM, so the parent stops it with `stop` from bench/processes.ts.
 *
 * Latency runs from the `publish` call to the moment the subscriber's connection yields the
 * event, both read from this process's monotonic clock.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createEventBus } from '../src/events/create-event-bus.js';
import type { ClosableEventBus } from '../src/events/event-bus.js';
import type { FanoutUser } from './fanout-setup.js';
import {
  eventKey,
  FANOUT_EVENTS,
  type FanoutEvent,
  type FanoutTransport,
  openSubscriber,
  type SubscriberSpec,
} from './fanout-subscribers.js';
import { cpuMillis } from './processes.js';

export interface LoadJob {
  target: 'graphql' | 'floor';
  url: string;
  databaseUrl: string;
  redisUrl: string | null;
  serverPid: number;
  /** File the server writes its statement count to on SIGUSR2. */
  countFile: string;
  users: FanoutUser[];
  subscribersPerUser: number;
  /** GraphQL subscribers per user that use SSE, while the others use graphql-ws. */
  ssePerUser: number;
  rates: number[];
  warmupSeconds: number;
  seconds: number;
}

export interface RateResult {
  rate: number;
  /** Measured events divided by the measured window's length, in events per second. */
  achievedRate: number;
  published: number;
  expected: number;
  delivered: number;
  lost: number;
  duplicates: number;
  /** Receipts of an event published for another user or event kind. */
  misrouted: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  serverCpuPercent: number;
  /** SQL statements the server ran in the measured window, per delivery. */
  statementsPerDelivery: number;
}

export interface LoadResult {
  transports: Partial<Record<FanoutTransport, number>>;
  /** Seconds from opening the first connection until every subscriber had received an event. */
  readySeconds: number;
  /** Connection or subscription errors before the first rate started. */
  readyErrors: number;
  rates: RateResult[];
}

interface Phase {
  measured: Set<string>;
  seen: Set<string>;
  latencies: number[];
  duplicates: number;
  misrouted: number;
  errors: number;
}

const PROBE_TIMEOUT_MS = 60_000;
const COUNT_TIMEOUT_MS = 2_000;
const DRAIN_TIMEOUT_MS = 5_000;
/** Connections opened per 100 ms, so the servers' accept backlog does not overflow. */
const OPEN_BATCH = 50;

const job = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as LoadJob;
const specs = buildSpecs(job);
const pairOfSpec = specs.map((spec) => pairKey(spec.userId, spec.event));
const subscribersOfPair = new Map<string, number>();
for (const pair of pairOfSpec) subscribersOfPair.set(pair, (subscribersOfPair.get(pair) ?? 0) + 1);
const receivedBy = new Array<number>(specs.length).fill(0);
/** Publish time and target pair of every event of the run, by event key. */
const published = new Map<string, { pair: string; at: number }>();
const poolCursor = new Map<string, number>();
let phase = newPhase();
let sequence = 0;

function pairKey(userId: string, event: FanoutEvent): string {
  return `${event}:${userId}`;
}

function newPhase(): Phase {
  return {
    measured: new Set(),
    seen: new Set(),
    latencies: [],
    duplicates: 0,
    misrouted: 0,
    errors: 0,
  };
}

function buildSpecs(load: LoadJob): SubscriberSpec[] {
  const result: SubscriberSpec[] = [];
  for (const user of load.users) {
    for (let slot = 0; slot < load.subscribersPerUser; slot += 1) {
      let transport: FanoutTransport = 'ws';
      if (load.target === 'floor') transport = 'floor';
      else if (slot >= load.subscribersPerUser - load.ssePerUser) transport = 'sse';
      result.push({
        index: result.length,
        userId: user.userId,
        token: user.token,
        event: FANOUT_EVENTS[slot % FANOUT_EVENTS.length]!,
        transport,
      });
    }
  }

  return result;
}

function receive(subscriber: number, key: string): void {
  const at = performance.now();
  receivedBy[subscriber]! += 1;
  const event = published.get(key);
  if (!event || event.pair !== pairOfSpec[subscriber]) {
    phase.misrouted += 1;

    return;
  }
  if (!phase.measured.has(key)) return;
  const id = `${subscriber}|${key}`;
  if (phase.seen.has(id)) {
    phase.duplicates += 1;

    return;
  }
  phase.seen.add(id);
  phase.latencies.push(at - event.at);
}

let reportedErrors = 0;
function fail(subscriber: number, error: unknown): void {
  phase.errors += 1;
  // Only the first five are printed, and the result carries the count.
  if (reportedErrors < 5) console.error(`subscriber ${subscriber} failed:`, error);
  reportedErrors += 1;
}

function poolOf(user: FanoutUser, event: FanoutEvent): string[] {
  return event === 'messageReceived' ? user.messageIds : user.taskIds;
}

/** Publishes an event of `user` and `event` naming `rowId` through the product's bus. */
function publishRow(
  bus: ClosableEventBus,
  user: FanoutUser,
  event: FanoutEvent,
  rowId: string,
): string {
  const key = eventKey(event, rowId);
  published.set(key, { pair: pairKey(user.userId, event), at: performance.now() });
  if (event === 'messageReceived') bus.publish(event, { userId: user.userId, messageId: rowId });
  if (event === 'taskAssigned') bus.publish(event, { userId: user.userId, taskId: rowId });
  if (event === 'taskUpdated') {
    bus.publish(event, { userId: user.userId, taskId: rowId, change: 'UPDATED' });
  }

  return key;
}

/** Returns the next unused row of the pair. Probes reuse row 0, so the rates start at row 1. */
function nextRow(user: FanoutUser, event: FanoutEvent): string {
  const pair = pairKey(user.userId, event);
  const cursor = poolCursor.get(pair) ?? 1;
  const pool = poolOf(user, event);
  const rowId = pool[cursor];
  if (!rowId) {
    throw new Error(
      `no unused row left among the ${pool.length} rows of ${pair}; rowsPerPair in bench/fanout.ts sizes the pools`,
    );
  }
  poolCursor.set(pair, cursor + 1);

  return rowId;
}

/** Walks users first, then event kinds, so consecutive events reach different users. */
function publishNext(bus: ClosableEventBus): { key: string; pair: string } {
  const users = job.users;
  const user = users[sequence % users.length]!;
  const event = FANOUT_EVENTS[Math.floor(sequence / users.length) % FANOUT_EVENTS.length]!;
  sequence += 1;

  const key = publishRow(bus, user, event, nextRow(user, event));

  return { key, pair: pairKey(user.userId, event) };
}

async function openAll(url: string): Promise<(() => void)[]> {
  const closers: (() => void)[] = [];
  for (const spec of specs) {
    closers.push(openSubscriber(url, spec, { receive, fail }));
    if (closers.length % OPEN_BATCH === 0) await sleep(100);
  }

  return closers;
}

/**
 * Publishes one event to each pair that still has a subscriber without any event, every second,
 * until every subscriber has received one. The probes are needed because graphql-ws and SSE
 * give no signal when the server has registered a subscription.
 */
async function awaitAllListening(bus: ClosableEventBus): Promise<void> {
  const deadline = performance.now() + PROBE_TIMEOUT_MS;
  for (;;) {
    const waiting = specs.filter((spec) => receivedBy[spec.index] === 0);
    if (waiting.length === 0) return;
    if (performance.now() > deadline) {
      throw new Error(
        `${waiting.length} subscribers received no event within ${PROBE_TIMEOUT_MS} ms`,
      );
    }
    const pairs = new Map(waiting.map((spec) => [pairKey(spec.userId, spec.event), spec]));
    for (const spec of pairs.values()) {
      const user = job.users.find((candidate) => candidate.userId === spec.userId)!;
      publishRow(bus, user, spec.event, poolOf(user, spec.event)[0]!);
    }
    await sleep(1000);
  }
}

function readCountFile(): { sequence: number; statements: number } | null {
  try {
    return JSON.parse(readFileSync(job.countFile, 'utf8')) as {
      sequence: number;
      statements: number;
    };
  } catch {
    return null;
  }
}

/** Asks the server for its statement count with SIGUSR2 and waits for the new count. */
async function readServerStatements(): Promise<number> {
  const previous = readCountFile()?.sequence ?? 0;
  process.kill(job.serverPid, 'SIGUSR2');
  const deadline = performance.now() + COUNT_TIMEOUT_MS;
  for (;;) {
    const count = readCountFile();
    if (count && count.sequence > previous) return count.statements;
    if (performance.now() > deadline) {
      throw new Error(
        `the server wrote no statement count to ${job.countFile} within ${COUNT_TIMEOUT_MS} ms`,
      );
    }
    await sleep(2);
  }
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? NaN;
}

async function drain(expected: number): Promise<void> {
  const deadline = performance.now() + DRAIN_TIMEOUT_MS;
  while (phase.latencies.length < expected && performance.now() < deadline) await sleep(50);
  // Room for duplicates to show up.
  await sleep(500);
}

async function runRate(bus: ClosableEventBus, rate: number): Promise<RateResult> {
  phase = newPhase();
  const warmupEvents = Math.round(rate * job.warmupSeconds);
  const total = warmupEvents + Math.round(rate * job.seconds);
  const start = performance.now();
  let expected = 0;
  let windowStart = start;
  let cpuStart = 0;
  let statementsStart = 0;
  for (let i = 0; i < total; i += 1) {
    const due = start + (i * 1000) / rate;
    // Sampled just before the first measured event is due.
    if (i === warmupEvents) {
      statementsStart = await readServerStatements();
      cpuStart = cpuMillis(job.serverPid);
      windowStart = due;
    }
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const { key, pair } = publishNext(bus);
    if (i >= warmupEvents) {
      phase.measured.add(key);
      expected += subscribersOfPair.get(pair) ?? 0;
    }
  }
  const wait = start + (total * 1000) / rate - performance.now();
  if (wait > 0) await sleep(wait);
  const windowMs = performance.now() - windowStart;
  const cpuMs = cpuMillis(job.serverPid) - cpuStart;
  const statements = (await readServerStatements()) - statementsStart;
  await drain(expected);

  const sorted = [...phase.latencies].sort((a, b) => a - b);

  return {
    rate,
    achievedRate: phase.measured.size / (windowMs / 1000),
    published: phase.measured.size,
    expected,
    delivered: sorted.length,
    lost: expected - sorted.length,
    duplicates: phase.duplicates,
    misrouted: phase.misrouted,
    errors: phase.errors,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? NaN,
    serverCpuPercent: (cpuMs / windowMs) * 100,
    statementsPerDelivery: statements / Math.max(1, sorted.length),
  };
}

async function main(): Promise<void> {
  const bus = await createEventBus(job.databaseUrl, job.redisUrl);
  const started = performance.now();
  const closers = await openAll(job.url);
  await awaitAllListening(bus);
  const readySeconds = (performance.now() - started) / 1000;
  const readyErrors = phase.errors;

  const rates: RateResult[] = [];
  for (const rate of job.rates) rates.push(await runRate(bus, rate));

  const transports: LoadResult['transports'] = {};
  for (const spec of specs) transports[spec.transport] = (transports[spec.transport] ?? 0) + 1;
  const result: LoadResult = { transports, readySeconds, readyErrors, rates };
  process.stdout.write(`${JSON.stringify(result)}\n`);

  process.once('SIGTERM', () => {
    for (const close of closers) close();
    void bus.close().then(() => process.exit(0));
  });
}

await main();
