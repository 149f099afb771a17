import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { partners } from '../partners/tables.js';

export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    startsOn: date({ mode: 'string' }).notNull(),
    endsOn: date({ mode: 'string' }).notNull(),
    objective: text(),
    segment: text(),
    estimatedCost: numeric({ precision: 18, scale: 2 }).notNull().default('0'),
    estimatedRevenue: numeric({ precision: 18, scale: 2 }).notNull().default('0'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('campaigns_starts_on_idx').on(table.startsOn, table.id),
    index('campaigns_name_idx').on(table.name, table.id),
    check('campaigns_period_order', sql`${table.endsOn} >= ${table.startsOn}`),
    check('campaigns_estimated_cost_not_negative', sql`${table.estimatedCost} >= 0`),
    check('campaigns_estimated_revenue_not_negative', sql`${table.estimatedRevenue} >= 0`),
  ],
);

export const campaignTargets = pgTable(
  'campaign_targets',
  {
    /** Row id, so nested target lists can page with one window query. */
    id: uuid().notNull().unique().defaultRandom(),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.campaignId, table.partnerId] }),
    index('campaign_targets_partner_idx').on(table.partnerId),
    index('campaign_targets_added_idx').on(table.campaignId, table.addedAt, table.id),
  ],
);
