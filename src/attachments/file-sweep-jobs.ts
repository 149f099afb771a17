import { createJobDefinition } from '../jobs/job-definition.js';
import { sweepOrphanBlobs, sweepUnreferencedRows } from './file-sweep.js';

/** Fans out one sweep of the file store: the row batch, one job per blob shard, the tmp/ folder. */
export const SWEEP_FILES_JOB = 'files.sweep';

/** Deletes one batch of unreferenced `files` rows and their blobs; enqueues itself while more wait. */
export const SWEEP_FILE_ROWS_JOB = 'files.sweep-rows';

/** Deletes the orphan blobs of one shard: `{ shard }`, a hex digit. */
export const SWEEP_BLOB_SHARD_JOB = 'files.sweep-blobs';

/** Deletes partial uploads left in tmp/ by a crash. */
export const SWEEP_PARTIAL_UPLOADS_JOB = 'files.sweep-partial-uploads';

const SHARDS = [...'0123456789abcdef'];

export interface FileSweepOptions {
  /** Milliseconds between sweeps; default 6 hours. */
  everyMs?: number;
  /**
   * Milliseconds a file, blob or partial upload must have existed unreferenced before it is
   * deleted; default 24 hours. It leaves room for a request that stores a file now and
   * attaches it in a later transaction.
   */
  graceMs?: number;
  /** `files` rows deleted per job at most; default 500. */
  batchSize?: number;
}

/**
 * Creates the jobs that remove what nothing references: `files` rows left by detached
 * attachments or cleared quarantine entries, blobs that no row names, and partial uploads. The
 * recurring job only fans out, so one shard's failure is retried on its own.
 */
export function createFileSweepJobs(options: FileSweepOptions = {}) {
  const graceMs = options.graceMs ?? 24 * 60 * 60_000;
  const batchSize = options.batchSize ?? 500;
  const cutoff = () => new Date(Date.now() - graceMs);

  return [
    createJobDefinition({
      name: SWEEP_FILES_JOB,
      everyMs: options.everyMs ?? 6 * 60 * 60_000,
      async run(_data, _job, services) {
        await services.queue.enqueue(SWEEP_FILE_ROWS_JOB, {});
        for (const shard of SHARDS) await services.queue.enqueue(SWEEP_BLOB_SHARD_JOB, { shard });
        await services.queue.enqueue(SWEEP_PARTIAL_UPLOADS_JOB, {});
      },
    }),

    createJobDefinition({
      name: SWEEP_FILE_ROWS_JOB,
      options: { concurrency: 1 },
      async run(_data, job, services) {
        const before = cutoff();
        const result = await sweepUnreferencedRows(services.db, services.files, {
          before,
          limit: batchSize,
        });
        if (result.rows > 0) job.log.info({ ...result }, 'unreferenced files removed');
        if (result.more) await services.queue.enqueue(SWEEP_FILE_ROWS_JOB, {});
      },
    }),

    createJobDefinition<{ shard: string }>({
      name: SWEEP_BLOB_SHARD_JOB,
      options: { concurrency: 2 },
      async run(data, job, services) {
        const removed = await sweepOrphanBlobs(services.db, services.files, {
          shard: data.shard,
          before: cutoff(),
        });
        if (removed > 0) job.log.info({ shard: data.shard, removed }, 'orphan blobs removed');
      },
    }),

    createJobDefinition({
      name: SWEEP_PARTIAL_UPLOADS_JOB,
      options: { concurrency: 1 },
      async run(_data, job, services) {
        const removed = await services.files.removeStaleParts(cutoff());
        if (removed > 0) job.log.info({ removed }, 'partial uploads removed');
      },
    }),
  ];
}
