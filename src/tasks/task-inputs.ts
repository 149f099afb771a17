import { builder } from '../graphql/builder.js';
import { TEXT_LIMITS } from '../validation/text.js';
import { TaskStatusEnum } from './task-node.js';

const TITLE = `Trimmed, 1 to ${TEXT_LIMITS.title} characters.`;

const RESPONSIBLE =
  "Employee who does the task. Left out, it is the creator's own employee (none when the creator has no employee record); null leaves the task unassigned.";

export const TaskInput = builder.inputType('TaskInput', {
  fields: (t) => ({
    title: t.string({ description: TITLE }),
    description: t.string({ required: false }),
    beneficiaryId: t.id({ required: false }),
    responsibleId: t.id({ required: false, description: RESPONSIBLE }),
    deadline: t.field({ type: 'DateTime', required: false }),
    plannedStart: t.field({ type: 'DateTime', required: false }),
    estimatedHours: t.field({ type: 'Decimal', required: false }),
    billable: t.boolean({
      required: false,
      description: 'Whether the work is billed to the beneficiary; false when absent.',
    }),
  }),
});

export const TaskFromContextInput = builder.inputType('TaskFromContextInput', {
  description:
    'A task created while looking at an opportunity or a partner; give exactly one of them.',
  fields: (t) => ({
    opportunityId: t.id({ required: false }),
    partnerId: t.id({ required: false }),
    title: t.string({ description: TITLE }),
    description: t.string({ required: false }),
    responsibleId: t.id({ required: false, description: RESPONSIBLE }),
    deadline: t.field({ type: 'DateTime', required: false }),
    plannedStart: t.field({ type: 'DateTime', required: false }),
    estimatedHours: t.field({ type: 'Decimal', required: false }),
    billable: t.boolean({ required: false }),
  }),
});

export const TaskUpdateInput = builder.inputType('TaskUpdateInput', {
  description: 'Changes to a task. A missing field keeps its value, and null clears it.',
  fields: (t) => ({
    title: t.string({ required: false, description: TITLE }),
    description: t.string({ required: false }),
    beneficiaryId: t.id({ required: false }),
    responsibleId: t.id({ required: false }),
    deadline: t.field({ type: 'DateTime', required: false }),
    plannedStart: t.field({ type: 'DateTime', required: false }),
    estimatedHours: t.field({ type: 'Decimal', required: false }),
    status: t.field({ type: TaskStatusEnum, required: false }),
    billable: t.boolean({ required: false }),
    invoiced: t.boolean({ required: false }),
  }),
});
