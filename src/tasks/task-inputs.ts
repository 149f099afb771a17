import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { builder } from '../graphql/builder.js';
import { globalIdOf } from '../graphql/global-id.js';
import { TaskStatusEnum } from './task-node.js';

/** The largest value that `numeric(6, 2)` stores. */
const MAX_ESTIMATED_HOURS = '9999.99';

export const taskRules = {
  title: z.string().trim().min(1, 'must not be empty; give the task a short title'),
  estimatedHours: z
    .string()
    .refine((value) => !new Decimal(value).isNegative(), 'must not be negative; send 0 or more')
    .refine(
      (value) => new Decimal(value).lte(MAX_ESTIMATED_HOURS),
      `must be at most ${MAX_ESTIMATED_HOURS} hours`,
    ),
};

const schedule = z.looseObject({
  deadline: z.date().nullish(),
  plannedStart: z.date().nullish(),
});

/** Rejects a deadline that falls before the planned start, naming the deadline. */
function refineSchedule(input: z.infer<typeof schedule>, context: z.RefinementCtx) {
  if (input.deadline && input.plannedStart && input.deadline < input.plannedStart) {
    context.addIssue({
      code: 'custom',
      path: ['deadline'],
      message: `must not be before plannedStart (${input.plannedStart.toISOString()}); move the deadline later or the start earlier`,
    });
  }
}

/** Fields that every task has, so an update may change them but not clear them. */
const REQUIRED_FIELDS = ['title', 'status', 'billable', 'invoiced'] as const;

function rejectNulls(input: Record<string, unknown>, context: z.RefinementCtx) {
  for (const field of REQUIRED_FIELDS) {
    if (input[field] !== null) continue;
    context.addIssue({
      code: 'custom',
      path: [field],
      message: 'must not be null because every task has one; leave the field out to keep it',
    });
  }
}

export const TaskInput = builder.inputType('TaskInput', {
  fields: (t) => ({
    title: t.string({ validate: taskRules.title }),
    description: t.string({ required: false }),
    beneficiaryId: t.id({ required: false, validate: globalIdOf('Partner') }),
    responsibleId: t.id({ required: false, validate: globalIdOf('Employee') }),
    deadline: t.field({ type: 'DateTime', required: false }),
    plannedStart: t.field({ type: 'DateTime', required: false }),
    estimatedHours: t.field({
      type: 'Decimal',
      required: false,
      validate: taskRules.estimatedHours,
    }),
    billable: t.boolean({
      required: false,
      description: 'Whether the work is billed to the beneficiary; false when absent.',
    }),
  }),
  validate: schedule.superRefine(refineSchedule),
});

export const TaskFromContextInput = builder.inputType('TaskFromContextInput', {
  description:
    'A task created while looking at an opportunity or a partner; give exactly one of them.',
  fields: (t) => ({
    opportunityId: t.id({ required: false, validate: globalIdOf('Opportunity') }),
    partnerId: t.id({ required: false, validate: globalIdOf('Partner') }),
    title: t.string({ validate: taskRules.title }),
    description: t.string({ required: false }),
    responsibleId: t.id({ required: false, validate: globalIdOf('Employee') }),
    deadline: t.field({ type: 'DateTime', required: false }),
    plannedStart: t.field({ type: 'DateTime', required: false }),
    estimatedHours: t.field({
      type: 'Decimal',
      required: false,
      validate: taskRules.estimatedHours,
    }),
    billable: t.boolean({ required: false }),
  }),
  validate: schedule
    .extend({ opportunityId: z.string().nullish(), partnerId: z.string().nullish() })
    .superRefine(refineSchedule)
    .superRefine((input, context) => {
      if (Boolean(input.opportunityId) === Boolean(input.partnerId)) {
        context.addIssue({
          code: 'custom',
          path: [input.opportunityId ? 'partnerId' : 'opportunityId'],
          message: 'give exactly one of opportunityId and partnerId as the context of the task',
        });
      }
    }),
});

export const TaskUpdateInput = builder.inputType('TaskUpdateInput', {
  description: 'Changes to a task. A missing field keeps its value, and null clears it.',
  fields: (t) => ({
    title: t.string({ required: false, validate: taskRules.title }),
    description: t.string({ required: false }),
    beneficiaryId: t.id({ required: false, validate: globalIdOf('Partner') }),
    responsibleId: t.id({ required: false, validate: globalIdOf('Employee') }),
    deadline: t.field({ type: 'DateTime', required: false }),
    plannedStart: t.field({ type: 'DateTime', required: false }),
    estimatedHours: t.field({
      type: 'Decimal',
      required: false,
      validate: taskRules.estimatedHours,
    }),
    status: t.field({
      type: TaskStatusEnum,
      required: false,
      validate: z
        .enum(['OPEN', 'IN_PROGRESS'], {
          error: 'must be OPEN or IN_PROGRESS; use resolveTask to resolve a task',
        })
        .nullish(),
    }),
    billable: t.boolean({ required: false }),
    invoiced: t.boolean({ required: false }),
  }),
  validate: schedule.superRefine(refineSchedule).superRefine(rejectNulls),
});
