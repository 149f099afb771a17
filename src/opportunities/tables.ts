import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../auth/tables.js';
import { campaigns } from '../campaigns/tables.js';
import { employees } from '../employees/tables.js';
import { partners } from '../partners/tables.js';

export const stageEnum = pgEnum('stage', [
  'NEW',
  'PRESENTATION',
  'OFFER',
  'NEGOTIATION',
  'SALE',
  'LOST',
]);

export const lossReasons = pgTable('loss_reasons', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull().unique(),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const opportunities = pgTable(
  'opportunities',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: 'restrict' }),
    campaignId: uuid().references(() => campaigns.id, { onDelete: 'set null' }),
    ownerId: uuid().references(() => employees.id, { onDelete: 'set null' }),
    value: numeric({ precision: 18, scale: 2 }).notNull().default('0'),
    probability: integer().notNull().default(0),
    expectedSignOn: date({ mode: 'string' }),
    stage: stageEnum().notNull().default('NEW'),
    /** Percent of the value expected at the current stage: its override, else the default. */
    potential: numeric({ precision: 5, scale: 2 }).notNull().default('0'),
    weightedValue: numeric({ precision: 18, scale: 2 })
      .notNull()
      .generatedAlwaysAs(sql`round(value * potential / 100, 2)`),
    lossReasonId: uuid().references(() => lossReasons.id, { onDelete: 'restrict' }),
    winningCompetitor: text(),
    closedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('opportunities_partner_idx').on(table.partnerId, table.createdAt, table.id),
    index('opportunities_campaign_idx').on(table.campaignId),
    index('opportunities_owner_idx').on(table.ownerId),
    index('opportunities_stage_idx').on(table.stage, table.expectedSignOn),
    index('opportunities_expected_sign_on_idx').on(table.expectedSignOn, table.id),
    index('opportunities_created_at_idx').on(table.createdAt, table.id),
    index('opportunities_value_idx').on(table.value, table.id),
    index('opportunities_weighted_value_idx').on(table.weightedValue, table.id),
    check('opportunities_probability_range', sql`${table.probability} between 0 and 100`),
    check('opportunities_value_not_negative', sql`${table.value} >= 0`),
    check('opportunities_potential_range', sql`${table.potential} between 0 and 100`),
    check(
      'opportunities_lost_has_reason',
      sql`${table.stage} <> 'LOST' or ${table.lossReasonId} is not null`,
    ),
  ],
);

/** One row per stage an opportunity entered, with its delegate and follow-up date. */
export const stageHistory = pgTable(
  'opportunity_stages',
  {
    id: uuid().primaryKey().defaultRandom(),
    opportunityId: uuid()
      .notNull()
      .references(() => opportunities.id, { onDelete: 'cascade' }),
    stage: stageEnum().notNull(),
    enteredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    delegateId: uuid().references(() => employees.id, { onDelete: 'set null' }),
    notes: text(),
    followUpAt: timestamp({ withTimezone: true }),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (table) => [
    index('opportunity_stages_opportunity_idx').on(table.opportunityId, table.enteredAt, table.id),
    index('opportunity_stages_follow_up_idx')
      .on(table.followUpAt)
      .where(sql`follow_up_at is not null`),
  ],
);

/** Sales potential of each stage, as a percentage of the opportunity value. */
export const stagePotentials = pgTable(
  'stage_potentials',
  {
    stage: stageEnum().primaryKey(),
    potential: numeric({ precision: 5, scale: 2 }).notNull(),
  },
  (table) => [check('stage_potentials_range', sql`${table.potential} between 0 and 100`)],
);

export const opportunityStagePotentials = pgTable(
  'opportunity_stage_potentials',
  {
    opportunityId: uuid()
      .notNull()
      .references(() => opportunities.id, { onDelete: 'cascade' }),
    stage: stageEnum().notNull(),
    potential: numeric({ precision: 5, scale: 2 }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.opportunityId, table.stage] }),
    check('opportunity_stage_potentials_range', sql`${table.potential} between 0 and 100`),
  ],
);
