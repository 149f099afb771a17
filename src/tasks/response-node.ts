import { sql } from 'drizzle-orm';
import { UserRef } from '../auth/types.js';
import { NotFoundError } from '../errors.js';
import { builder } from '../graphql/builder.js';
import { anyOf, loadGroupedPages } from '../graphql/pagination.js';
import { taskResponses } from './tables.js';
import { TaskRef } from './task-node.js';

export type TaskResponseRow = typeof taskResponses.$inferSelect;

/** A message in the thread of a task. */
export const TaskResponseRef = builder.loadableNode('TaskResponse', {
  id: { resolve: (response: TaskResponseRow) => response.id },
  load: async (ids: string[], context) => {
    const rows = await context.db.select().from(taskResponses).where(anyOf(taskResponses.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('task response', id));
  },
  fields: (t) => ({
    body: t.exposeString('body'),
    author: t.field({
      type: UserRef,
      nullable: true,
      resolve: (response) => response.authorId,
    }),
    task: t.field({ type: TaskRef, resolve: (response) => response.taskId }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const TaskResponseConnection = builder.connectionObject({
  type: TaskResponseRef,
  name: 'TaskResponseConnection',
});

builder.objectField(TaskRef, 'responses', (t) =>
  t.loadable({
    type: TaskResponseConnection,
    description: 'The thread of responses, oldest first.',
    byPath: true,
    args: t.arg.connectionArgs(),
    load: (taskIds: string[], context, args) =>
      loadGroupedPages(context.db, {
        table: taskResponses,
        idColumn: taskResponses.id,
        parentColumn: taskResponses.taskId,
        parentKey: 'taskId',
        parentIds: taskIds,
        orderBy: sql`${taskResponses.createdAt}, ${taskResponses.id}`,
        args,
        maxPageSize: context.maxPageSize,
      }),
    resolve: (task) => task.id,
  }),
);
