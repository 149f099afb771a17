import type { z } from 'zod';
import { builder } from '../graphql/builder.js';
import type { newPartnerSchema, partnerChangesSchema } from './partner-schemas.js';
import type { NewPartnerValues, PartnerValues } from './partner-values.js';

const COUNTY = 'County code or name, such as CJ or Cluj.';

export const SiteInput = builder.inputType('SiteInput', {
  fields: (t) => ({
    name: t.string(),
    address: t.string({ required: false }),
    locality: t.string({ required: false }),
    county: t.string({ required: false, description: COUNTY }),
    emails: t.stringList({
      required: false,
      description: 'Addresses of the site; incoming email from them is matched to the partner.',
    }),
  }),
});

export const ContactInput = builder.inputType('ContactInput', {
  fields: (t) => ({
    name: t.string(),
    role: t.string({ required: false }),
    email: t.string({ required: false }),
    phone: t.string({ required: false }),
  }),
});

/** Builds the input type of a partner write. Only create and upsert require the name. */
function partnerFields(nameRequired: boolean) {
  return builder.inputType(nameRequired ? 'PartnerInput' : 'UpdatePartnerInput', {
    description: nameRequired
      ? 'A new partner, or the whole partner an ERP pushes.'
      : 'Fields to change; a field left out keeps its value, null clears it.',
    fields: (t) => ({
      name: t.string({ required: nameRequired }),
      taxId: t.string({
        required: false,
        description: 'CUI with its check digit; RO in front marks a VAT payer.',
      }),
      tradeRegisterNumber: t.string({ required: false }),
      locality: t.string({ required: false }),
      county: t.string({ required: false, description: COUNTY }),
      turnover: t.field({ type: 'Decimal', required: false, description: 'In RON, net.' }),
      employeeCount: t.int({ required: false }),
      activityDomain: t.string({ required: false }),
      salesRepId: t.id({ required: false, description: 'Id of an Employee.' }),
      serviceRepId: t.id({ required: false, description: 'Id of an Employee.' }),
      competitors: t.stringList({ required: false }),
      activitiesOfInterest: t.stringList({ required: false }),
      notes: t.string({ required: false }),
      isLead: t.boolean({ required: false, description: 'True for a prospect; false by default.' }),
      leadCampaignId: t.id({ required: false, description: 'Id of a Campaign.' }),
      customerSince: t.field({
        type: 'DateTime',
        required: false,
        description: 'When the partner became a customer; a new customer defaults to now.',
      }),
      externalId: t.string({
        required: false,
        description: 'Id of the partner in an ERP; unique.',
      }),
      sites: t.field({
        type: [SiteInput],
        required: false,
        description: 'On update, replaces every site and its emails; leave it out to keep them.',
      }),
      contacts: t.field({
        type: [ContactInput],
        required: false,
        description: 'On update, replaces every contact; leave it out to keep them.',
      }),
    }),
  });
}

export const PartnerInput = partnerFields(true);

export const UpdatePartnerInput = partnerFields(false);

/** Maps validated update input to values. `partnerChangesSchema` has rejected nulls on lists. */
export function toPartnerValues(input: z.output<typeof partnerChangesSchema>): PartnerValues {
  return input;
}

export function toNewPartnerValues(input: z.output<typeof newPartnerSchema>): NewPartnerValues {
  return {
    ...input,
    isLead: input.isLead ?? undefined,
    competitors: input.competitors ?? undefined,
    activitiesOfInterest: input.activitiesOfInterest ?? undefined,
    sites: input.sites ?? undefined,
    contacts: input.contacts ?? undefined,
  };
}
