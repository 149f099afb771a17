import { createFileSweepJobs } from '../attachments/file-sweep-jobs.js';
import { followUpJobs } from '../followups/jobs.js';
import { createImapJobs } from '../mail/imap/imap-jobs.js';
import { createFolderJobs } from '../mail/import/folder-jobs.js';
import { emailJobs } from '../mail/outgoing/email-jobs.js';
import { reminderJobs } from '../reminders/jobs.js';
import type { JobDefinition } from './job-definition.js';
import { maintenanceJobs } from './maintenance-jobs.js';

/**
 * Every job the worker runs. A feature adds its jobs here as a list of `createJobDefinition`
 * results; per-item jobs are requested with `enqueueAfterCommit` in the feature's transaction.
 */
export const jobRegistry: JobDefinition[] = [
  ...maintenanceJobs,
  ...emailJobs,
  ...followUpJobs,
  ...reminderJobs,
  ...createFolderJobs(),
  ...createImapJobs(),
  ...createFileSweepJobs(),
];
