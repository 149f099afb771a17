import { Agenda, type BackoffContext, type Job } from 'agenda';
import type { Logger } from 'pino';
import { createAgendaBackend, type JobStoreConfig } from './agenda-backend.js';
import { backoffDelay, DEFAULT_RETRY_POLICY } from './backoff.js';
import {
  type JobData,
  type JobHandler,
  type JobOptions,
  type JobQueue,
  PermanentJobError,
  type RetryPolicy,
} from './job-queue.js';

export interface AgendaQueueOptions {
  store: JobStoreConfig;
  /** Stored with each job this worker touches, such as `worker-host:1234`. */
  workerName: string;
  /** Milliseconds between polls for due jobs; default 5000. New jobs are also announced. */
  processEveryMs?: number;
  /** Milliseconds `stop` waits for running jobs; default 30 000. */
  drainTimeoutMs?: number;
  log: Logger;
}

/** Creates the job queue on Agenda. No other module imports Agenda. */
export function createAgendaQueue(options: AgendaQueueOptions): JobQueue {
  const backend = createAgendaBackend(options.store);
  const log = options.log;
  // Every interval goes to Agenda as a number of milliseconds: a string such as
  // '500 milliseconds' was read as 500 seconds.
  const agenda = new Agenda({
    backend,
    name: options.workerName,
    processEvery: options.processEveryMs ?? 5000,
    maxConcurrency: 50,
    removeOnComplete: true,
  });
  const running = createRunningJobs(agenda);
  const requestRefill = createRefillRequester(agenda, log);

  agenda.on('error', (error) => log.error({ err: error }, 'job queue error'));
  agenda.on('fail', (error: Error | string, job: Job | { jobId: string }, remote?: boolean) => {
    if (remote || typeof error === 'string' || !('attrs' in job)) return;
    const { name, _id: jobId, failCount, nextRunAt } = job.attrs;
    log.warn({ err: error, job: name, jobId, failCount, nextRunAt }, 'job failed');
  });

  agenda.on('retry exhausted', (error: Error, job: Job) => {
    const { name, _id: jobId, failCount } = job.attrs;
    log.error({ err: error, job: name, jobId, failCount }, 'job failed and will not be retried');
  });

  return {
    defineJob<Data extends JobData>(
      name: string,
      handler: JobHandler<Data>,
      jobOptions: JobOptions = {},
    ) {
      const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...jobOptions.retry };
      const concurrency = jobOptions.concurrency ?? 5;

      agenda.define<Data>(
        name,
        async (job) => {
          const jobId = String(job.attrs._id);
          running.add(jobId);
          const run = {
            jobId,
            attempt: (job.attrs.failCount ?? 0) + 1,
            log: log.child({ job: name, jobId }),
          };
          try {
            await handler(job.attrs.data, run);
          } finally {
            requestRefill(job);
          }
        },
        {
          concurrency,
          // A worker keeps as many locked jobs waiting as it runs, so the next one starts
          // without a lock query. It locks no more, so the other workers take the rest.
          lockLimit: 2 * concurrency,
          lockLifetime: jobOptions.lockLifetimeMs ?? 600_000,
          backoff: (context) => retryDelay(context, policy),
        },
      );
    },

    async enqueue(name, data, enqueueOptions = {}) {
      const runAt = enqueueOptions.runAt;
      if (runAt && runAt.getTime() > Date.now()) {
        await agenda.schedule(runAt, name, data);
      } else {
        await agenda.now(name, data);
      }
    },

    async schedule(name, intervalMs) {
      // Each worker upserts the same single job; a due run time already stored is kept.
      await agenda.every(intervalMs, name, undefined, { skipImmediate: false });
    },

    async start() {
      await agenda.ready;
      await agenda.start();
      log.info({ store: backend.name, worker: options.workerName }, 'job queue started');
    },

    async stop() {
      // Unlocks the jobs this worker locked but has not started, and keeps the connection so
      // running jobs can record their outcome before it closes.
      await agenda.stop(false);
      const unfinished = await running.settle(options.drainTimeoutMs ?? 30_000);
      if (unfinished > 0)
        log.warn({ unfinished }, 'jobs still running at stop; their locks expire');
      await backend.disconnect();
      log.info({ worker: options.workerName }, 'job queue stopped');
    },
  };
}

function retryDelay(context: BackoffContext, policy: RetryPolicy): number | null {
  if (context.error instanceof PermanentJobError) return null;
  if (context.attempt >= policy.maxAttempts) return null;

  return backoffDelay(context.attempt, policy);
}

/** Tracks this worker's running jobs from handler start to Agenda's `complete` event. */
function createRunningJobs(agenda: Agenda) {
  const ids = new Set<string>();
  const waiters = new Set<() => void>();

  agenda.on('complete', (job: Job | { jobId: string }, remote?: boolean) => {
    if (remote || !('attrs' in job)) return;
    ids.delete(String(job.attrs._id));
    if (ids.size === 0) for (const wake of waiters) wake();
  });

  return {
    add: (id: string) => ids.add(id),
    async settle(timeoutMs: number): Promise<number> {
      if (ids.size > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          waiters.add(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }

      return ids.size;
    },
  };
}

const REFILL_DELAY_MS = 50;

/**
 * Agenda refills a worker's queue of locked jobs only at its next poll or when a job is
 * announced, not when a job finishes, so a backlog drained at about lockLimit jobs per poll
 * interval. Announcing finished jobs through Agenda's notification channel makes every worker
 * refill at once. The announcements of one job name are coalesced into one sent 50 ms after the
 * first job finished, by when Agenda has usually freed the lock slots of the finished jobs.
 * NOTE: `publishJobNotification` is marked internal in Agenda 6.2; recheck it on upgrades.
 */
function createRefillRequester(agenda: Agenda, log: Logger) {
  const scheduled = new Set<string>();

  return (job: Job) => {
    const name = job.attrs.name;
    if (scheduled.has(name)) return;

    scheduled.add(name);
    const timer = setTimeout(() => {
      scheduled.delete(name);
      agenda.publishJobNotification(job).catch((error: unknown) => {
        log.warn({ err: error, job: name }, 'job refill announcement failed');
      });
    }, REFILL_DELAY_MS);
    timer.unref();
  };
}
