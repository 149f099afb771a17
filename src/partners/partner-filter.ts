import { and, eq, gte, lte, or, type SQL, sql } from 'drizzle-orm';
import { builder } from '../graphql/builder.js';
import { partnerFilterSchema } from './partner-schemas.js';
import { PartnerKindEnum } from './partner-type.js';
import { containsPattern, escapeLike, foldSearchText } from './search-text.js';
import { partners } from './tables.js';

const RepresentativeRoleEnum = builder.enumType('RepresentativeRole', {
  values: ['SALES', 'SERVICE'] as const,
});

const RepresentativeFilter = builder.inputType('RepresentativeFilter', {
  fields: (t) => ({
    employeeId: t.id({ description: 'Id of an Employee.' }),
    role: t.field({
      type: RepresentativeRoleEnum,
      required: false,
      description: 'Which representative the employee must be; either one when left out.',
    }),
  }),
});

export const PartnerFilter = builder
  .inputType('PartnerFilter', {
    description: 'Criteria a partner must all match.',
    fields: (t) => ({
      text: t.string({
        required: false,
        description: 'Part of the name, ignoring case and diacritics, or the start of the tax id.',
      }),
      taxId: t.string({ required: false, description: 'A whole CUI, with or without RO.' }),
      locality: t.string({ required: false, description: 'Ignoring case and diacritics.' }),
      county: t.string({ required: false, description: 'County code or name.' }),
      turnoverMin: t.field({ type: 'Decimal', required: false }),
      turnoverMax: t.field({ type: 'Decimal', required: false }),
      employeeCountMin: t.int({ required: false }),
      employeeCountMax: t.int({ required: false }),
      activityDomain: t.string({ required: false, description: 'Whole domain, ignoring case.' }),
      kind: t.field({ type: PartnerKindEnum, required: false }),
      representative: t.field({ type: RepresentativeFilter, required: false }),
    }),
  })
  .validate(partnerFilterSchema);

export type PartnerFilterValues = typeof PartnerFilter.$inferInput;

/** Text that reads as a tax id or its start, which is an optional RO and then digits. */
const TAX_ID_TEXT = /^(?:ro)?\s*(\d+)$/i;

/** Builds the WHERE condition for a partner filter, or undefined when it has no criteria. */
export function partnerFilterCondition(filter: PartnerFilterValues | null | undefined) {
  if (!filter) return undefined;

  const conditions: (SQL | undefined)[] = [
    filter.text ? textCondition(filter.text) : undefined,
    filter.taxId ? eq(partners.taxId, filter.taxId.digits) : undefined,
    filter.locality ? eq(partners.searchLocality, foldSearchText(filter.locality)) : undefined,
    filter.county ? eq(partners.county, filter.county) : undefined,
    filter.turnoverMin ? gte(partners.turnover, filter.turnoverMin) : undefined,
    filter.turnoverMax ? lte(partners.turnover, filter.turnoverMax) : undefined,
    isNumber(filter.employeeCountMin)
      ? gte(partners.employeeCount, filter.employeeCountMin)
      : undefined,
    isNumber(filter.employeeCountMax)
      ? lte(partners.employeeCount, filter.employeeCountMax)
      : undefined,
    filter.activityDomain
      ? sql`lower(${partners.activityDomain}) = lower(${filter.activityDomain.trim()})`
      : undefined,
    filter.kind ? eq(partners.isLead, filter.kind === 'LEAD') : undefined,
    filter.representative ? representativeCondition(filter.representative) : undefined,
  ];

  return and(...conditions);
}

/** Matches the folded name (trigram index) or, for digits, the start of the tax id. */
function textCondition(text: string): SQL | undefined {
  const byName = sql`${partners.searchName} ilike ${containsPattern(text)}`;
  const digits = TAX_ID_TEXT.exec(text.trim())?.[1];
  if (!digits) return byName;

  return or(byName, sql`${partners.taxId} like ${`${escapeLike(digits)}%`}`);
}

function representativeCondition(filter: { employeeId: string; role?: string | null }) {
  const bySales = eq(partners.salesRepId, filter.employeeId);
  const byService = eq(partners.serviceRepId, filter.employeeId);
  if (filter.role === 'SALES') return bySales;
  if (filter.role === 'SERVICE') return byService;

  return or(bySales, byService);
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number';
}
