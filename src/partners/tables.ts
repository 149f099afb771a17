import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { employees } from '../employees/tables.js';

export const partners = pgTable(
  'partners',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    /** Lower-case name with Romanian diacritics folded, both comma-below and cedilla forms. */
    searchName: text().notNull(),
    /** CUI digits without the RO prefix. */
    taxId: text(),
    vatPayer: boolean().notNull().default(false),
    tradeRegisterNumber: text(),
    locality: text(),
    /** Locality folded like `searchName`, so a locality filter ignores case and diacritics. */
    searchLocality: text(),
    /** Two-letter county code, such as CJ or B. */
    county: text(),
    turnover: numeric({ precision: 18, scale: 2 }),
    employeeCount: integer(),
    activityDomain: text(),
    salesRepId: uuid().references(() => employees.id, { onDelete: 'set null' }),
    serviceRepId: uuid().references(() => employees.id, { onDelete: 'set null' }),
    competitors: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    activitiesOfInterest: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    notes: text(),
    isLead: boolean().notNull().default(false),
    leadCampaignId: uuid(),
    customerSince: timestamp({ withTimezone: true }),
    externalId: text().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('partners_name_idx').on(table.name, table.id),
    index('partners_search_name_trgm_idx').using('gin', sql`${table.searchName} gin_trgm_ops`),
    uniqueIndex('partners_tax_id_idx').on(table.taxId),
    index('partners_tax_id_prefix_idx').on(table.taxId.op('text_pattern_ops')),
    index('partners_locality_idx').on(table.locality),
    index('partners_search_locality_idx').on(table.searchLocality),
    index('partners_county_idx').on(table.county),
    index('partners_turnover_idx').on(table.turnover, table.id),
    index('partners_employee_count_idx').on(table.employeeCount, table.id),
    // Sort keys of the partner list: an unknown turnover or employee count sorts as -1.
    index('partners_turnover_sort_idx').on(sql`coalesce(${table.turnover}, -1)`, table.id),
    index('partners_employee_count_sort_idx').on(
      sql`coalesce(${table.employeeCount}, -1)`,
      table.id,
    ),
    index('partners_activity_domain_idx').on(table.activityDomain),
    // The activity domain filter ignores case.
    index('partners_activity_domain_lower_idx').on(sql`lower(${table.activityDomain})`),
    index('partners_sales_rep_idx').on(table.salesRepId),
    index('partners_service_rep_idx').on(table.serviceRepId),
    index('partners_is_lead_idx').on(table.isLead, table.name, table.id),
    index('partners_created_at_idx').on(table.createdAt, table.id),
  ],
);

export const sites = pgTable(
  'partner_sites',
  {
    id: uuid().primaryKey().defaultRandom(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    /** Order of the site in the partner's list, from 0. */
    position: integer().notNull().default(0),
    name: text().notNull(),
    address: text(),
    locality: text(),
    /** Two-letter county code, such as CJ or B. */
    county: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('partner_sites_partner_idx').on(table.partnerId)],
);

/** Email addresses of a site, stored normalized; one address may belong to several partners. */
export const siteEmails = pgTable(
  'site_emails',
  {
    siteId: uuid()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    /** Order of the address in the site's list, from 0. */
    position: integer().notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.siteId, table.email] }),
    index('site_emails_email_idx').on(table.email),
    index('site_emails_partner_idx').on(table.partnerId),
  ],
);

export const contacts = pgTable(
  'contacts',
  {
    id: uuid().primaryKey().defaultRandom(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    /** Order of the contact in the partner's list, from 0. */
    position: integer().notNull().default(0),
    name: text().notNull(),
    role: text(),
    email: text(),
    phone: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('contacts_partner_idx').on(table.partnerId)],
);
