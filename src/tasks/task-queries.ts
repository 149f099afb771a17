import { and, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { builder } from '../graphql/builder.js';
import type { Viewer } from '../graphql/context.js';
import { type KeysetSort, resolveKeysetConnection } from '../graphql/keyset.js';
import { globalIdOf } from '../graphql/global-id.js';
import { nullIfNotFound } from '../graphql/node-lookup.js';
import { deadlineKey, tasks } from './tables.js';
import { TaskConnection, TaskRef, type TaskRow, TaskStatusEnum } from './task-node.js';
import { viewerOf } from './task-permissions.js';

const TaskScopeEnum = builder.enumType('TaskScope', {
  values: {
    ALL: { description: 'Every task.' },
    FOR_ME: { description: 'Tasks whose responsible is the employee linked to the viewer.' },
    FROM_ME: { description: 'Tasks the viewer created.' },
  } as const,
});

const TaskOrderEnum = builder.enumType('TaskOrder', {
  description:
    'Order of a task list. Tasks without a deadline come last in DEADLINE_ASC and first in DEADLINE_DESC.',
  values: ['DEADLINE_ASC', 'DEADLINE_DESC', 'REGISTERED_AT_ASC', 'REGISTERED_AT_DESC'] as const,
});

const TaskFilter = builder.inputType('TaskFilter', {
  fields: (t) => ({
    status: t.field({ type: TaskStatusEnum, required: false }),
    deadlineFrom: t.field({
      type: 'DateTime',
      required: false,
      description: 'Keeps tasks whose deadline is at or after this instant.',
    }),
    deadlineTo: t.field({
      type: 'DateTime',
      required: false,
      description: 'Keeps tasks whose deadline is before this instant.',
    }),
    beneficiaryId: t.id({ required: false, validate: globalIdOf('Partner') }),
    responsibleId: t.id({ required: false, validate: globalIdOf('Employee') }),
  }),
  validate: z
    .looseObject({ deadlineFrom: z.date().nullish(), deadlineTo: z.date().nullish() })
    .refine(
      (filter) =>
        !filter.deadlineFrom || !filter.deadlineTo || filter.deadlineFrom < filter.deadlineTo,
      { path: ['deadlineTo'], message: 'must be after deadlineFrom; swap the two bounds' },
    ),
});

type TaskOrder = (typeof TaskOrderEnum)['$inferType'];
type TaskScope = (typeof TaskScopeEnum)['$inferType'];

function taskSort(order: TaskOrder): KeysetSort<TaskRow> {
  const descending = order.endsWith('_DESC');
  if (order.startsWith('DEADLINE')) {
    return {
      key: deadlineKey(tasks.deadline),
      id: tasks.id,
      descending,
      cursorOf: (row) => [row.deadline?.toISOString() ?? 'infinity', row.id],
    };
  }

  return {
    key: tasks.registeredAt,
    id: tasks.id,
    descending,
    cursorOf: (row) => [row.registeredAt.toISOString(), row.id],
  };
}

function scopeCondition(scope: TaskScope, viewer: Viewer): SQL | undefined {
  if (scope === 'FROM_ME') return eq(tasks.creatorId, viewer.userId);
  if (scope === 'FOR_ME') {
    return viewer.employeeId ? eq(tasks.responsibleId, viewer.employeeId) : sql`false`;
  }

  return undefined;
}

interface TaskFilterArgs {
  status?: TaskRow['status'] | null;
  deadlineFrom?: Date | null;
  deadlineTo?: Date | null;
  beneficiaryId?: string | null;
  responsibleId?: string | null;
}

function filterConditions(filter: TaskFilterArgs | null | undefined): (SQL | undefined)[] {
  if (!filter) return [];

  return [
    filter.status ? eq(tasks.status, filter.status) : undefined,
    filter.deadlineFrom ? gte(tasks.deadline, filter.deadlineFrom) : undefined,
    filter.deadlineTo ? lt(tasks.deadline, filter.deadlineTo) : undefined,
    filter.beneficiaryId ? eq(tasks.beneficiaryId, filter.beneficiaryId) : undefined,
    filter.responsibleId ? eq(tasks.responsibleId, filter.responsibleId) : undefined,
  ];
}

builder.queryFields((t) => ({
  tasks: t.field({
    type: TaskConnection,
    args: {
      ...t.arg.connectionArgs(),
      scope: t.arg({ type: TaskScopeEnum, defaultValue: 'ALL' }),
      filter: t.arg({ type: TaskFilter, required: false }),
      orderBy: t.arg({ type: TaskOrderEnum, defaultValue: 'DEADLINE_ASC' }),
    },
    resolve: (_root, args, context) => {
      const conditions = [
        scopeCondition(args.scope, viewerOf(context)),
        ...filterConditions(args.filter),
      ];

      return resolveKeysetConnection(
        args,
        context.maxPageSize,
        taskSort(args.orderBy),
        ({ where, orderBy, limit }) =>
          context.db
            .select()
            .from(tasks)
            .where(and(where, ...conditions))
            .orderBy(...orderBy)
            .limit(limit),
      );
    },
  }),
  task: t.field({
    type: TaskRef,
    nullable: true,
    description: 'The task with this id, or null when there is none.',
    args: { id: t.arg.id({ validate: globalIdOf('Task') }) },
    resolve: (_root, { id }, context) =>
      TaskRef.getDataloader(context).load(id).catch(nullIfNotFound),
  }),
}));
