// A CRM worker with the test job timings of `testJobs`, in a child process that its parent test
// may kill. Started by `forkReminderWorker` with its settings in CRM_CHILD_SETTINGS.
import { startWorker } from '../../src/jobs/worker.js';
import type { ChildSettings } from './crm-child.js';
import { testJobs } from './reminder-fixtures.js';

async function main(): Promise<void> {
  const settings = JSON.parse(process.env.CRM_CHILD_SETTINGS ?? '{}') as ChildSettings;
  const worker = await startWorker(settings.databaseUrl, settings.config, {
    ...settings.options,
    jobs: testJobs({ otherLockMs: 20_000 }),
  });

  process.once('SIGTERM', () => {
    void worker.stop().then(() => process.exit(0));
  });
  process.send?.({ type: 'ready', url: null });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
