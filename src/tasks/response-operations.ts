import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Transaction } from '../db/client.js';
import type { Viewer } from '../graphql/context.js';
import { NotFoundError } from '../errors.js';
import { builder } from '../graphql/builder.js';
import { mutationErrors } from '../graphql/error-types.js';
import { resolveKeysetConnection } from '../graphql/keyset.js';
import { globalIdOf } from '../graphql/global-id.js';
import { TaskResponseConnection, TaskResponseRef, type TaskResponseRow } from './response-node.js';
import { taskResponses, tasks } from './tables.js';
import { planTaskEvents, publishTaskEvents } from './task-events.js';
import { responseBodySchema } from './task-schemas.js';
import { assertMayChangeTask, viewerOf } from './task-permissions.js';

async function respondToTask(tx: Transaction, viewer: Viewer, taskId: string, body: string) {
  const [task] = await tx.select().from(tasks).where(eq(tasks.id, taskId)).for('share');
  if (!task) throw new NotFoundError('task', taskId, 'taskId');
  assertMayChangeTask(viewer, task, 'respondToTask');

  const [response] = await tx
    .insert(taskResponses)
    .values({ taskId, authorId: viewer.userId, body })
    .returning();

  return {
    response: response!,
    events: await planTaskEvents(tx, task, 'RESPONDED', task.responsibleId),
  };
}

builder.mutationField('respondToTask', (t) =>
  t.field({
    type: TaskResponseRef,
    description: 'Adds a response to the thread of a task.',
    errors: mutationErrors,
    args: t.validate(
      { taskId: t.arg.id(), body: t.arg.string() },
      z.object({ taskId: globalIdOf('Task'), body: responseBodySchema }),
    ),
    resolve: async (_root, { taskId, body }, context) => {
      const viewer = viewerOf(context);
      const { response, events } = await context.db.transaction((tx) =>
        respondToTask(tx, viewer, taskId, body),
      );

      publishTaskEvents(context.events, events);
      context.log.info(
        { event: 'task_responded', taskId, responseId: response.id },
        'task response added',
      );

      return response;
    },
  }),
);

builder.queryField('responsesToMyTasks', (t) =>
  t.field({
    type: TaskResponseConnection,
    description: 'Responses on the tasks the viewer created, newest first.',
    args: t.arg.connectionArgs(),
    resolve: (_root, args, context) => {
      const mine = sql`${taskResponses.taskId} in (select ${tasks.id} from ${tasks} where ${eq(tasks.creatorId, viewerOf(context).userId)})`;

      return resolveKeysetConnection(
        args,
        context.maxPageSize,
        {
          key: taskResponses.createdAt,
          id: taskResponses.id,
          descending: true,
          cursorOf: (row: TaskResponseRow) => [row.createdAt.toISOString(), row.id],
        },
        ({ where, orderBy, limit }) =>
          context.db
            .select()
            .from(taskResponses)
            .where(and(mine, where))
            .orderBy(...orderBy)
            .limit(limit),
      );
    },
  }),
);
