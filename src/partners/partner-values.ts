import { type SQL, sql } from 'drizzle-orm';
import type { PgInsertValue, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Cui } from './cui.js';
import { foldSearchText } from './search-text.js';
import { partners } from './tables.js';

export type PartnerRow = typeof partners.$inferSelect;
type PartnerColumns = typeof partners.$inferInsert;

export interface SiteValues {
  name: string;
  address?: string | null;
  locality?: string | null;
  /** County code. */
  county?: string | null;
  /** Normalized addresses, without duplicates. */
  emails?: string[] | null;
}

export interface ContactValues {
  name: string;
  role?: string | null;
  email?: string | null;
  phone?: string | null;
}

/**
 * Values a write sets on a partner. On update, an absent (undefined) field keeps its stored
 * value, and a given list replaces the stored one.
 */
export interface PartnerValues {
  name?: string;
  taxId?: Cui | null;
  tradeRegisterNumber?: string | null;
  locality?: string | null;
  /** County code. */
  county?: string | null;
  turnover?: string | null;
  employeeCount?: number | null;
  activityDomain?: string | null;
  salesRepId?: string | null;
  serviceRepId?: string | null;
  competitors?: string[];
  activitiesOfInterest?: string[];
  notes?: string | null;
  isLead?: boolean;
  leadCampaignId?: string | null;
  customerSince?: Date | null;
  externalId?: string | null;
  sites?: SiteValues[];
  contacts?: ContactValues[];
}

export type NewPartnerValues = PartnerValues & { name: string };

/** Maps the plain columns. Drizzle leaves undefined ones out of the statement. */
function plainColumns(values: PartnerValues): Partial<PartnerColumns> {
  return {
    name: values.name,
    searchName: values.name === undefined ? undefined : foldSearchText(values.name),
    taxId: values.taxId === undefined ? undefined : (values.taxId?.digits ?? null),
    vatPayer: values.taxId === undefined ? undefined : (values.taxId?.vatPayer ?? false),
    tradeRegisterNumber: values.tradeRegisterNumber,
    locality: values.locality,
    searchLocality: values.locality === undefined ? undefined : foldOrNull(values.locality),
    county: values.county,
    turnover: values.turnover,
    employeeCount: values.employeeCount,
    activityDomain: values.activityDomain,
    salesRepId: values.salesRepId,
    serviceRepId: values.serviceRepId,
    competitors: values.competitors,
    activitiesOfInterest: values.activitiesOfInterest,
    notes: values.notes,
    isLead: values.isLead,
    leadCampaignId: values.leadCampaignId,
    externalId: values.externalId,
  };
}

/** Maps values to the columns of a new partner. A partner that is not a lead is a customer now. */
export function toInsertColumns(values: NewPartnerValues): PgInsertValue<typeof partners> {
  return {
    ...plainColumns(values),
    name: values.name,
    searchName: foldSearchText(values.name),
    customerSince: values.customerSince ?? (values.isLead ? null : sql`now()`),
  };
}

/** Maps values to the columns an update sets. */
export function toUpdateColumns(values: PartnerValues): PgUpdateSetSource<typeof partners> {
  return {
    ...plainColumns(values),
    customerSince: customerSinceUpdate(values),
    updatedAt: sql`now()`,
  };
}

/**
 * Returns the customer date an update sets. Setting isLead to false makes the partner a customer
 * from now, unless it already was one. Setting it to true makes it a lead, which has no date.
 */
function customerSinceUpdate(values: PartnerValues): Date | SQL | null | undefined {
  if (values.customerSince !== undefined) return values.customerSince;
  if (values.isLead === false) return sql`coalesce(${partners.customerSince}, now())`;
  if (values.isLead === true) return null;

  return undefined;
}

function foldOrNull(text: string | null): string | null {
  return text === null ? null : foldSearchText(text);
}
