import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { createJobDefinition, type WorkerServices } from '../../jobs/job-definition.js';
import { errorText } from '../../db/error-text.js';
import { getSettings } from '../../settings/service.js';
import { createEmailFileStore } from './email-files.js';
import {
  formatOfSetting,
  importFolderFile,
  listWaitingFiles,
  recordFolderFile,
  recordFolderScan,
} from './import-folder.js';
import type { ImportServices } from './import-message.js';
import { loadImportSettings } from './import-message.js';

/** Scans the import folder and enqueues one file job per waiting file. */
export const SCAN_IMPORT_FOLDER_JOB = 'mail.import-folder.scan';

/** Imports one file of the import folder: `{ path }`. */
export const IMPORT_FOLDER_FILE_JOB = 'mail.import-folder.file';

export interface FolderJobOptions {
  /** Milliseconds between scans; default 60 000. */
  scanEveryMs?: number;
  /** Milliseconds a file must stay unchanged before it is imported; default 10 000. */
  settleMs?: number;
}

export function importServicesOf(services: WorkerServices, log = services.log): ImportServices {
  return {
    db: services.db,
    events: services.events,
    files: createEmailFileStore(services.files),
    log,
  };
}

/**
 * Creates the import folder jobs. The scan only fans out, one job per file, so a file that
 * fails stays with its own job and its retries.
 */
export function createFolderJobs(options: FolderJobOptions = {}) {
  const settleMs = options.settleMs ?? 10_000;

  return [
    createJobDefinition({
      name: SCAN_IMPORT_FOLDER_JOB,
      everyMs: options.scanEveryMs ?? 60_000,
      async run(_data, job, services) {
        const folder = (await getSettings(services.db)).mailImportFolder;
        if (!folder) return;

        let paths: string[];
        try {
          paths = await listWaitingFiles(folder, settleMs);
        } catch (error) {
          const message = `the import folder cannot be read: ${errorText(error)}`;
          job.log.error({ err: error, folder }, 'import folder scan failed');
          await recordFolderScan(services.db, folder, { error: message });

          return;
        }
        for (const path of paths) await services.queue.enqueue(IMPORT_FOLDER_FILE_JOB, { path });
        await recordFolderScan(services.db, folder, { pendingFiles: paths.length });
        if (paths.length > 0) job.log.info({ folder, files: paths.length }, 'import files found');
      },
    }),

    createJobDefinition<{ path: string }>({
      name: IMPORT_FOLDER_FILE_JOB,
      options: { concurrency: 2, retry: { maxAttempts: 5 } },
      async run(data, job, services) {
        // An earlier run of this job, or a job from an older scan, has moved the file already.
        if (!existsSync(data.path)) return;

        const folder = dirname(data.path);
        const settings = await getSettings(services.db);
        try {
          const { result, movedTo } = await importFolderFile(
            importServicesOf(services, job.log),
            await loadImportSettings(services.db),
            data.path,
            { format: formatOfSetting(settings.mailImportFormat) },
          );
          await recordFolderFile(services.db, folder, null);
          job.log.info({ sha256: result.sha256, counts: result.counts, movedTo }, 'file imported');
        } catch (error) {
          await recordFolderFile(services.db, folder, errorText(error));
          throw error;
        }
      },
    }),
  ];
}
