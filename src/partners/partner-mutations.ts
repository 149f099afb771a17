import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../graphql/builder.js';
import { mutationErrors } from '../graphql/error-types.js';
import { NotFoundError } from '../errors.js';
import { whenFieldsValid } from '../validation/cross-field.js';
import { nameSchema, nodeIdSchema } from './input-schemas.js';
import {
  PartnerInput,
  toNewPartnerValues,
  toPartnerValues,
  UpdatePartnerInput,
} from './partner-inputs.js';
import { newPartnerSchema, partnerChangesSchema } from './partner-schemas.js';
import { PartnerRef } from './partner-type.js';
import type { PartnerRow } from './partner-values.js';
import {
  convertToCustomer,
  createPartner,
  updatePartner,
  upsertPartnerByExternalId,
} from './service.js';

/** Rejects an input externalId that differs from the argument naming the partner. */
function checkSameExternalId(
  args: { externalId: string; input: { externalId?: string | null } },
  context: z.RefinementCtx,
) {
  const inInput = args.input.externalId;
  if (!inInput || inInput === args.externalId) return;

  context.addIssue({
    code: 'custom',
    path: ['input', 'externalId'],
    message: `differs from the externalId argument ${args.externalId}; leave it out or send the same`,
  });
}

/*
 * Each mutation checks all its arguments in one schema, so one ValidationError lists every
 * invalid field, the partner id or external id included.
 */

const createPartnerArgs = z.object({ input: newPartnerSchema });

const updatePartnerArgs = z.object({
  id: nodeIdSchema('Partner'),
  input: partnerChangesSchema,
});

const upsertPartnerArgs = z
  .object({ externalId: nameSchema, input: newPartnerSchema })
  .superRefine(checkSameExternalId, whenFieldsValid('externalId'));

function found(row: PartnerRow | null, id: string): PartnerRow {
  if (!row) throw new NotFoundError('partner', encodeGlobalID('Partner', id));

  return row;
}

builder.mutationField('createPartner', (t) =>
  t.field({
    type: PartnerRef,
    authScopes: { manager: true },
    errors: mutationErrors,
    args: t.validate({ input: t.arg({ type: PartnerInput }) }, createPartnerArgs),
    resolve: async (_root, { input }, context) => {
      const partner = await createPartner(context.db, toNewPartnerValues(input));
      context.log.info({ event: 'partner_created', partnerId: partner.id }, 'partner created');

      return partner;
    },
  }),
);

builder.mutationField('updatePartner', (t) =>
  t.field({
    type: PartnerRef,
    authScopes: { manager: true },
    errors: mutationErrors,
    args: t.validate(
      { id: t.arg.id(), input: t.arg({ type: UpdatePartnerInput }) },
      updatePartnerArgs,
    ),
    resolve: async (_root, { id, input }, context) => {
      const partner = found(await updatePartner(context.db, id, toPartnerValues(input)), id);
      context.log.info({ event: 'partner_updated', partnerId: id }, 'partner updated');

      return partner;
    },
  }),
);

builder.mutationField('convertLeadToCustomer', (t) =>
  t.field({
    type: PartnerRef,
    description: 'Makes a lead a customer from now; a customer is returned unchanged.',
    authScopes: { manager: true },
    errors: mutationErrors,
    args: { id: t.arg.id().validate(nodeIdSchema('Partner')) },
    resolve: async (_root, { id }, context) => {
      const partner = found(await convertToCustomer(context.db, id, new Date()), id);
      context.log.info({ event: 'partner_converted', partnerId: id }, 'lead converted to customer');

      return partner;
    },
  }),
);

builder.mutationField('upsertPartnerByExternalId', (t) =>
  t.field({
    type: PartnerRef,
    description:
      'Creates or updates the partner an ERP knows by `externalId`; pushing it again is harmless.',
    authScopes: { manager: true },
    errors: mutationErrors,
    args: t.validate(
      { externalId: t.arg.string(), input: t.arg({ type: PartnerInput }) },
      upsertPartnerArgs,
    ),
    resolve: async (_root, { externalId, input }, context) => {
      const partner = await upsertPartnerByExternalId(
        context.db,
        externalId,
        toNewPartnerValues(input),
      );
      context.log.info({ event: 'partner_upserted', partnerId: partner.id }, 'partner pushed');

      return partner;
    },
  }),
);
