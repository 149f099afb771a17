// The jobs API for features: request a job in a transaction, and define the jobs the worker
// runs (added to the list in registry.ts).
export { createJobDefinition, type JobDefinition, type WorkerServices } from './job-definition.js';
export { type JobData, type JobRun, PermanentJobError } from './job-queue.js';
export { enqueueAfterCommit } from './outbox.js';
