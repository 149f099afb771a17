import type { Logger } from 'pino';

/** Data a job carries: plain JSON with ids, never secrets or message bodies. */
export type JobData = Record<string, unknown>;

/** The identity and attempt number of a running job, with its logger. */
export interface JobRun {
  jobId: string;
  /** 1 on the first run, 2 on the first retry after the handler threw, and so on. */
  attempt: number;
  log: Logger;
}

export type JobHandler<Data extends JobData = JobData> = (data: Data, run: JobRun) => Promise<void>;

/** Retries of a job whose handler threw; delays grow exponentially with jitter. */
export interface RetryPolicy {
  /** Total runs including the first; default 5. */
  maxAttempts: number;
  /** Delay before the first retry in milliseconds; default 10 000. */
  initialDelayMs: number;
  /** Upper bound of any delay in milliseconds; default 3 600 000 (one hour). */
  maxDelayMs: number;
}

export interface JobOptions {
  /** Jobs of this name running at once in one worker; default 5. */
  concurrency?: number;
  /** Milliseconds a worker may hold a job before another may take it; default 600 000. */
  lockLifetimeMs?: number;
  retry?: Partial<RetryPolicy>;
}

export interface EnqueueOptions {
  /** Earliest time to run; default now. */
  runAt?: Date | null;
}

/**
 * The job queue interface of the product. Handlers must be idempotent, because a job can run
 * twice when a worker dies after the work but before the queue recorded it.
 */
export interface JobQueue {
  defineJob<Data extends JobData>(
    name: string,
    handler: JobHandler<Data>,
    options?: JobOptions,
  ): void;
  enqueue(name: string, data: JobData, options?: EnqueueOptions): Promise<void>;
  /** Runs the job `name` every `intervalMs` milliseconds, once across all workers. */
  schedule(name: string, intervalMs: number): Promise<void>;
  start(): Promise<void>;
  /** Stops taking jobs, waits up to the drain timeout for running ones, then disconnects. */
  stop(): Promise<void>;
}

/** Thrown by a handler for a failure that a retry cannot fix; the job is not retried. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}
