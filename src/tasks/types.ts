/**
 * Tasks: the Task and TaskResponse types with their queries, mutations and subscriptions.
 * Importing this module registers all of them on the schema builder.
 */
import './task-queries.js';
import './task-mutations.js';
import './response-node.js';
import './response-operations.js';
import './task-subscriptions.js';
import './task-links.js';

export { TaskRef, TaskStatusEnum, type TaskRow } from './task-node.js';
export { TaskResponseRef } from './response-node.js';
