import { encodeGlobalID } from '@pothos/plugin-relay';
import { UserRef } from '../auth/types.js';
import { EmployeeRef } from '../employees/types.js';
import { NotFoundError } from '../errors.js';
import { builder } from '../graphql/builder.js';
import { anyOf } from '../graphql/pagination.js';
import { tasks, taskStatusEnum } from './tables.js';

export type TaskRow = typeof tasks.$inferSelect;

export const TaskStatusEnum = builder.enumType('TaskStatus', {
  values: taskStatusEnum.enumValues,
});

/**
 * A task with its beneficiary, responsible and creator. Every reference returns an id that the
 * referenced type's DataLoader batches, so a page of tasks costs one statement per type.
 */
export const TaskRef = builder.loadableNode('Task', {
  id: { resolve: (task: TaskRow) => task.id },
  load: async (ids: string[], context) => {
    const rows = await context.db.select().from(tasks).where(anyOf(tasks.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('task', id));
  },
  fields: (t) => ({
    title: t.exposeString('title'),
    description: t.exposeString('description', { nullable: true }),
    responsible: t.field({
      type: EmployeeRef,
      nullable: true,
      description: 'The employee responsible for the task.',
      resolve: (task) => task.responsibleId,
    }),
    creator: t.field({
      type: UserRef,
      nullable: true,
      description: 'The user who registered the task.',
      resolve: (task) => task.creatorId,
    }),
    deadline: t.expose('deadline', { type: 'DateTime', nullable: true }),
    plannedStart: t.expose('plannedStart', { type: 'DateTime', nullable: true }),
    estimatedHours: t.expose('estimatedHours', { type: 'Decimal', nullable: true }),
    registeredAt: t.expose('registeredAt', { type: 'DateTime' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    status: t.expose('status', { type: TaskStatusEnum }),
    billable: t.exposeBoolean('billable'),
    invoiced: t.exposeBoolean('invoiced'),
    sourceStageId: t.id({
      nullable: true,
      description: 'Id of the OpportunityStage whose follow-up date generated the task.',
      resolve: (task) =>
        task.sourceStageId ? encodeGlobalID('OpportunityStage', task.sourceStageId) : null,
    }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const TaskConnection = builder.connectionObject({ type: TaskRef, name: 'TaskConnection' });
