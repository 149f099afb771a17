import { z } from 'zod';
import type { Transaction } from '../db/client.js';
import { builder } from '../graphql/builder.js';
import type { Context, Viewer } from '../graphql/context.js';
import { mutationErrors } from '../graphql/error-types.js';
import { globalIdOf } from '../graphql/global-id.js';
import { publishTaskEvents } from './task-events.js';
import { TaskFromContextInput, TaskInput, TaskUpdateInput } from './task-inputs.js';
import { newTaskSchema, taskFromContextSchema, taskUpdateSchema } from './task-schemas.js';
import { reopenTask, resolveTask } from './task-lifecycle.js';
import { TaskRef, type TaskRow } from './task-node.js';
import { viewerOf } from './task-permissions.js';
import {
  assignTask,
  createTask,
  createTaskFromContext,
  type TaskChangeResult,
  type TaskUpdateValues,
  updateTask,
} from './task-service.js';

/** Runs one task change in a transaction, then publishes its events and logs it. */
async function commitTaskChange(
  context: Context,
  action: string,
  work: (tx: Transaction, viewer: Viewer) => Promise<TaskChangeResult>,
): Promise<TaskRow> {
  const viewer = viewerOf(context);
  const { task, events } = await context.db.transaction((tx) => work(tx, viewer));

  publishTaskEvents(context.events, events);
  context.log.info({ event: action, taskId: task.id, change: events.change }, 'task changed');

  return task;
}

const taskId = globalIdOf('Task');

builder.mutationFields((t) => ({
  createTask: t.field({
    type: TaskRef,
    errors: mutationErrors,
    args: t.validate({ input: t.arg({ type: TaskInput }) }, z.object({ input: newTaskSchema })),
    resolve: (_root, { input }, context) =>
      commitTaskChange(context, 'task_created', (tx, viewer) =>
        createTask(tx, viewer, { ...input, billable: input.billable ?? false }),
      ),
  }),
  createTaskFromContext: t.field({
    type: TaskRef,
    description: 'Creates a task whose beneficiary is the partner of the opportunity or partner.',
    errors: mutationErrors,
    args: t.validate(
      { input: t.arg({ type: TaskFromContextInput }) },
      z.object({ input: taskFromContextSchema }),
    ),
    resolve: (_root, { input }, context) =>
      commitTaskChange(context, 'task_created', (tx, viewer) => {
        const { opportunityId, partnerId, ...values } = input;

        return createTaskFromContext(
          tx,
          viewer,
          { opportunityId, partnerId },
          { ...values, billable: values.billable ?? false },
        );
      }),
  }),
  updateTask: t.field({
    type: TaskRef,
    errors: mutationErrors,
    args: t.validate(
      { id: t.arg.id(), input: t.arg({ type: TaskUpdateInput }) },
      z.object({ id: taskId, input: taskUpdateSchema }),
    ),
    resolve: (_root, { id, input }, context) =>
      commitTaskChange(context, 'task_updated', (tx, viewer) =>
        updateTask(tx, viewer, id, toUpdateValues(input)),
      ),
  }),
  assignTask: t.field({
    type: TaskRef,
    errors: mutationErrors,
    args: t.validate(
      { id: t.arg.id(), responsibleId: t.arg.id() },
      z.object({ id: taskId, responsibleId: globalIdOf('Employee') }),
    ),
    resolve: (_root, { id, responsibleId }, context) =>
      commitTaskChange(context, 'task_assigned', (tx, viewer) =>
        assignTask(tx, viewer, id, responsibleId),
      ),
  }),
  resolveTask: t.field({
    type: TaskRef,
    description: 'Marks a task resolved at `resolvedAt`, by default now.',
    errors: mutationErrors,
    args: t.validate(
      { id: t.arg.id(), resolvedAt: t.arg({ type: 'DateTime', required: false }) },
      z.object({ id: taskId, resolvedAt: z.date().nullish() }),
    ),
    resolve: (_root, { id, resolvedAt }, context) =>
      commitTaskChange(context, 'task_resolved', (tx, viewer) =>
        resolveTask(tx, viewer, id, resolvedAt ?? new Date()),
      ),
  }),
  reopenTask: t.field({
    type: TaskRef,
    errors: mutationErrors,
    args: { id: t.arg.id({ validate: taskId }) },
    resolve: (_root, { id }, context) =>
      commitTaskChange(context, 'task_reopened', (tx, viewer) => reopenTask(tx, viewer, id)),
  }),
}));

type TaskUpdateArgs = { [K in keyof TaskUpdateValues]?: TaskUpdateValues[K] | null };

/** Drops absent fields. Validation has already rejected nulls of fields that cannot be cleared. */
function toUpdateValues(input: TaskUpdateArgs): TaskUpdateValues {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}
