import { builder } from '../graphql/builder.js';
import { mutationErrors } from '../graphql/error-types.js';
import { anyOf } from '../graphql/pagination.js';
import { createLossReasonArgs, updateLossReasonArgs } from './opportunity-schemas.js';
import {
  createLossReason,
  listLossReasons,
  type LossReasonRow,
  updateLossReason,
} from './loss-reasons.js';
import { lossReasons } from './tables.js';
import { NotFoundError } from '../errors.js';

export const LossReasonRef = builder.loadableNode('LossReason', {
  description: 'A reason from the register of why opportunities are lost.',
  id: { resolve: (reason: LossReasonRow) => reason.id },
  load: async (ids: string[], context) => {
    const rows = await context.db.select().from(lossReasons).where(anyOf(lossReasons.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('loss reason', id));
  },
  fields: (t) => ({
    name: t.exposeString('name'),
    active: t.exposeBoolean('active', {
      description: 'Inactive reasons stay on past opportunities but cannot be chosen again.',
    }),
  }),
});

builder.queryField('lossReasons', (t) =>
  t.field({
    type: [LossReasonRef],
    args: { includeInactive: t.arg.boolean({ required: false, defaultValue: false }) },
    resolve: (_root, args, context) => listLossReasons(context.db, args.includeInactive ?? false),
  }),
);

builder.mutationField('createLossReason', (t) =>
  t.field({
    type: LossReasonRef,
    authScopes: { admin: true },
    errors: mutationErrors,
    args: t.validate({ name: t.arg.string() }, createLossReasonArgs),
    resolve: (_root, args, context) =>
      context.db.transaction((tx) => createLossReason(tx, args.name)),
  }),
);

const UpdateLossReasonInput = builder.inputType('UpdateLossReasonInput', {
  fields: (t) => ({
    name: t.string({ required: false }),
    active: t.boolean({ required: false, description: 'False deactivates the reason.' }),
  }),
});

builder.mutationField('updateLossReason', (t) =>
  t.field({
    type: LossReasonRef,
    authScopes: { admin: true },
    errors: mutationErrors,
    args: t.validate(
      { id: t.arg.id(), input: t.arg({ type: UpdateLossReasonInput }) },
      updateLossReasonArgs,
    ),
    resolve: (_root, { id, input }, context) =>
      context.db.transaction((tx) =>
        updateLossReason(tx, id, {
          name: input.name ?? undefined,
          active: input.active ?? undefined,
        }),
      ),
  }),
);
