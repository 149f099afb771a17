import { eq, sql } from 'drizzle-orm';
import { builder } from '../graphql/builder.js';
import { loadGroupedPages } from '../graphql/pagination.js';
import { OpportunityRef } from '../opportunities/types.js';
import { PartnerRef } from '../partners/types.js';
import { deadlineKey, tasks } from './tables.js';
import { TaskConnection, TaskRef, TaskStatusEnum } from './task-node.js';

builder.objectFields(TaskRef, (t) => ({
  beneficiary: t.field({
    type: PartnerRef,
    nullable: true,
    description: 'The partner the task is done for.',
    resolve: (task) => task.beneficiaryId,
  }),
  sourceOpportunity: t.field({
    type: OpportunityRef,
    nullable: true,
    description: 'The opportunity the task was created from.',
    resolve: (task) => task.sourceOpportunityId,
  }),
}));

builder.objectField(PartnerRef, 'tasks', (t) =>
  t.loadable({
    type: TaskConnection,
    description: 'Tasks whose beneficiary is the partner, by deadline, with undated tasks last.',
    byPath: true,
    args: {
      ...t.arg.connectionArgs(),
      status: t.arg({ type: TaskStatusEnum, required: false }),
    },
    load: (partnerIds: string[], context, args) =>
      loadGroupedPages(context.db, {
        table: tasks,
        idColumn: tasks.id,
        parentColumn: tasks.beneficiaryId,
        parentKey: 'beneficiaryId',
        parentIds: partnerIds,
        orderBy: sql`${deadlineKey(tasks.deadline)}, ${tasks.id}`,
        where: args.status ? eq(tasks.status, args.status) : undefined,
        args,
        maxPageSize: context.maxPageSize,
      }),
    resolve: (partner) => partner.id,
  }),
);
