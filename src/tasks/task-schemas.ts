/**
 * Zod schemas for whole task inputs. One schema per mutation reports every invalid field at
 * once, with its input path, and hands the resolver parsed values (uuids, trimmed text).
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { globalIdOf } from '../graphql/global-id.js';
import { whenFieldsValid } from '../validation/cross-field.js';
import { boundedText, requiredText, TEXT_LIMITS } from '../validation/text.js';

/** The largest value that `numeric(6, 2)` stores. */
const MAX_ESTIMATED_HOURS = '9999.99';

const title = requiredText(TEXT_LIMITS.title, 'give the task a short title');

const estimatedHours = z
  .string()
  .refine((value) => !new Decimal(value).isNegative(), 'must not be negative; send 0 or more')
  .refine(
    (value) => new Decimal(value).lte(MAX_ESTIMATED_HOURS),
    `must be at most ${MAX_ESTIMATED_HOURS} hours`,
  );

const taskFields = {
  title,
  description: boundedText(TEXT_LIMITS.longText).nullish(),
  beneficiaryId: globalIdOf('Partner').nullish(),
  responsibleId: globalIdOf('Employee').nullish(),
  deadline: z.date().nullish(),
  plannedStart: z.date().nullish(),
  estimatedHours: estimatedHours.nullish(),
  billable: z.boolean().nullish(),
};

/** Rejects a deadline that falls before the planned start, naming the deadline. */
function refineSchedule(
  input: { deadline?: Date | null; plannedStart?: Date | null },
  context: z.RefinementCtx,
) {
  if (input.deadline && input.plannedStart && input.deadline < input.plannedStart) {
    context.addIssue({
      code: 'custom',
      path: ['deadline'],
      message: `must not be before plannedStart (${input.plannedStart.toISOString()}); move the deadline later or the start earlier`,
    });
  }
}

const schedule = whenFieldsValid('deadline', 'plannedStart');

export const newTaskSchema = z.object(taskFields).superRefine(refineSchedule, schedule);

/** Rejects a context with both or neither of an opportunity and a partner. */
function refineContext(
  input: { opportunityId?: string | null; partnerId?: string | null },
  context: z.RefinementCtx,
) {
  if (Boolean(input.opportunityId) !== Boolean(input.partnerId)) return;

  context.addIssue({
    code: 'custom',
    path: [input.opportunityId ? 'partnerId' : 'opportunityId'],
    message: 'give exactly one of opportunityId and partnerId as the context of the task',
  });
}

export const taskFromContextSchema = z
  .object(taskFields)
  .omit({ beneficiaryId: true })
  .extend({
    opportunityId: globalIdOf('Opportunity').nullish(),
    partnerId: globalIdOf('Partner').nullish(),
  })
  .superRefine(refineSchedule, schedule)
  .superRefine(refineContext, whenFieldsValid('opportunityId', 'partnerId'));

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

export const taskUpdateSchema = z
  .object({
    ...taskFields,
    title: title.nullish(),
    status: z
      .enum(['OPEN', 'IN_PROGRESS'], {
        error: 'must be OPEN or IN_PROGRESS; use resolveTask to resolve a task',
      })
      .nullish(),
    invoiced: z.boolean().nullish(),
  })
  .superRefine(refineSchedule, schedule)
  .superRefine(rejectNulls, { when: () => true });

export const responseBodySchema = requiredText(TEXT_LIMITS.longText, 'write a reply');
