/**
 * Zod schemas for whole partner inputs. Validating an input object in one schema reports every
 * invalid field at once and hands resolvers parsed values (CUI, county code, uuids).
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import {
  countySchema,
  cuiSchema,
  emailSchema,
  employeeCountSchema,
  nameSchema,
  nodeIdSchema,
  optionalText,
  siteEmailsSchema,
  textListSchema,
  turnoverSchema,
} from './input-schemas.js';
import { TEXT_LIMITS } from '../validation/text.js';

/** Allows a field to be left out but not set to null, for columns that cannot be empty. */
function notNull<Output>(schema: z.ZodType<Output>) {
  return z
    .unknown()
    .superRefine((value, context) => {
      if (value !== null) return;

      context.addIssue({
        code: 'custom',
        message: 'must not be null; leave the field out to keep its value',
      });
    })
    .pipe(schema)
    .optional();
}

export const siteSchema = z.object({
  name: nameSchema,
  address: optionalText(TEXT_LIMITS.address).nullish(),
  locality: optionalText(TEXT_LIMITS.label).nullish(),
  county: countySchema.nullish(),
  emails: siteEmailsSchema.nullish(),
});

export const contactSchema = z.object({
  name: nameSchema,
  role: optionalText(TEXT_LIMITS.label).nullish(),
  email: emailSchema.nullish(),
  phone: optionalText(TEXT_LIMITS.phone).nullish(),
});

const partnerShape = {
  taxId: cuiSchema.nullish(),
  tradeRegisterNumber: optionalText(TEXT_LIMITS.label).nullish(),
  locality: optionalText(TEXT_LIMITS.label).nullish(),
  county: countySchema.nullish(),
  turnover: turnoverSchema.nullish(),
  employeeCount: employeeCountSchema.nullish(),
  activityDomain: optionalText(TEXT_LIMITS.label).nullish(),
  salesRepId: nodeIdSchema('Employee').nullish(),
  serviceRepId: nodeIdSchema('Employee').nullish(),
  competitors: textListSchema.nullish(),
  activitiesOfInterest: textListSchema.nullish(),
  notes: optionalText(TEXT_LIMITS.longText).nullish(),
  isLead: z.boolean().nullish(),
  leadCampaignId: nodeIdSchema('Campaign').nullish(),
  customerSince: z.date().nullish(),
  externalId: nameSchema.nullish(),
  sites: z.array(siteSchema).nullish(),
  contacts: z.array(contactSchema).nullish(),
};

/** Rejects a customer date on a lead. */
function checkLeadDates(
  input: { isLead?: boolean | null; customerSince?: Date | null },
  context: z.RefinementCtx,
) {
  if (input.isLead !== true || !input.customerSince) return;

  context.addIssue({
    code: 'custom',
    path: ['customerSince'],
    message: 'a lead has no customer date; leave customerSince out or set isLead to false',
  });
}

export const newPartnerSchema = z
  .object({ name: nameSchema, ...partnerShape })
  .superRefine(checkLeadDates);

export const partnerChangesSchema = z
  .object({
    ...partnerShape,
    name: notNull(nameSchema),
    isLead: notNull(z.boolean()),
    competitors: notNull(textListSchema),
    activitiesOfInterest: notNull(textListSchema),
    sites: notNull(z.array(siteSchema)),
    contacts: notNull(z.array(contactSchema)),
  })
  .superRefine(checkLeadDates);

/** Rejects a range whose minimum is above its maximum. */
function checkRange(
  field: string,
  min: string | number | null | undefined,
  max: string | number | null | undefined,
  context: z.RefinementCtx,
) {
  if (min === null || min === undefined || max === null || max === undefined) return;
  if (new Decimal(min).lte(max)) return;

  context.addIssue({
    code: 'custom',
    path: [`${field}Max`],
    message: `must not be less than ${field}Min (${min}); swap the two values`,
  });
}

export const partnerFilterSchema = z
  .object({
    text: z.string().nullish(),
    taxId: cuiSchema.nullish(),
    locality: z.string().nullish(),
    county: countySchema.nullish(),
    turnoverMin: z.string().nullish(),
    turnoverMax: z.string().nullish(),
    employeeCountMin: z.number().nullish(),
    employeeCountMax: z.number().nullish(),
    activityDomain: z.string().nullish(),
    kind: z.enum(['LEAD', 'CUSTOMER']).nullish(),
    representative: z
      .object({
        employeeId: nodeIdSchema('Employee'),
        role: z.enum(['SALES', 'SERVICE']).nullish(),
      })
      .nullish(),
  })
  .superRefine((filter, context) => {
    checkRange('turnover', filter.turnoverMin, filter.turnoverMax, context);
    checkRange('employeeCount', filter.employeeCountMin, filter.employeeCountMax, context);
  });
