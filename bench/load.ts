/**
 * Load generator, run as a child process so its CPU is not charged to the server under test.
 * Reads a JSON job from argv[2], sends POST requests from `concurrency` loops for `durationMs`
 * (after `warmupMs`), and prints one JSON line with the latencies and statement counts.
 */
import { Agent, request } from 'undici';

interface LoadJob {
  url: string;
  body: string;
  headers: Record<string, string>;
  concurrency: number;
  durationMs: number;
  warmupMs: number;
}

const job = JSON.parse(process.argv[2]!) as LoadJob;
const dispatcher = new Agent({ connections: job.concurrency, pipelining: 1 });

async function send(): Promise<{ ms: number; statements: number; ok: boolean }> {
  const started = process.hrtime.bigint();
  const response = await request(job.url, {
    method: 'POST',
    body: job.body,
    headers: { 'content-type': 'application/json', ...job.headers },
    dispatcher,
  });
  const text = await response.body.text();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const ok = response.statusCode === 200 && !text.includes('"errors"');

  return { ms, statements: Number(response.headers['x-sql-statements'] ?? -1), ok };
}

async function loop(until: number, record: boolean, samples: number[], statements: number[]) {
  let failures = 0;
  while (Date.now() < until) {
    const result = await send();
    if (!result.ok) failures += 1;
    if (record) {
      samples.push(result.ms);
      statements.push(result.statements);
    }
  }

  return failures;
}

async function main(): Promise<void> {
  const ignored: number[] = [];
  const warmupEnd = Date.now() + job.warmupMs;
  await Promise.all(
    Array.from({ length: job.concurrency }, () => loop(warmupEnd, false, ignored, ignored)),
  );

  const samples: number[] = [];
  const statements: number[] = [];
  const started = Date.now();
  const end = started + job.durationMs;
  const failures = await Promise.all(
    Array.from({ length: job.concurrency }, () => loop(end, true, samples, statements)),
  );
  const elapsedMs = Date.now() - started;
  await dispatcher.close();

  process.stdout.write(
    `${JSON.stringify({ samples, statements, elapsedMs, failures: failures.reduce((a, b) => a + b, 0) })}\n`,
  );
}

await main();
