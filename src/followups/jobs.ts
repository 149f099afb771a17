import { createJobDefinition } from '../jobs/job-definition.js';
import { applyFollowUp } from './apply-follow-up.js';
import { FOLLOW_UP_JOB } from './schedule.js';

export const followUpJobs = [
  createJobDefinition<{ stageId: string }>({
    name: FOLLOW_UP_JOB,
    options: { concurrency: 5, lockLifetimeMs: 60_000 },
    async run(data, job, services) {
      await applyFollowUp({ db: services.db, events: services.events, log: job.log }, data.stageId);
    },
  }),
];
