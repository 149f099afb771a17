import { clearAllDataLoaders } from '@pothos/plugin-dataloader';
import { whileTokenValid } from '../auth/while-token-valid.js';
import { builder } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { TaskRef } from './task-node.js';
import { viewerOf } from './task-permissions.js';

builder.subscriptionType({ authScopes: { authenticated: true } });

/**
 * Returns the task id of an event after clearing the DataLoaders. A subscription keeps one
 * context, and so one set of loaders, for its whole life, so without the reset an event would
 * show the rows as they were at the first event.
 */
function freshTask(event: { taskId: string }, context: Context): string {
  clearAllDataLoaders(context);

  return event.taskId;
}

builder.subscriptionFields((t) => ({
  taskAssigned: t.field({
    type: TaskRef,
    description:
      'Tasks newly assigned to the employee linked to the viewer, on creation or reassignment.',
    subscribe: (_root, _args, context) =>
      whileTokenValid(context, context.events.subscribe('taskAssigned', viewerOf(context).userId)),
    resolve: (event, _args, context) => freshTask(event, context),
  }),
  taskUpdated: t.field({
    type: TaskRef,
    description:
      'Changes to tasks the viewer created or holds: edits, assignment, resolution, reopening and new responses.',
    subscribe: (_root, _args, context) =>
      whileTokenValid(context, context.events.subscribe('taskUpdated', viewerOf(context).userId)),
    resolve: (event, _args, context) => freshTask(event, context),
  }),
}));
