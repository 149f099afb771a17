import { inArray } from 'drizzle-orm';
import { users } from '../auth/tables.js';
import { campaignTargets, campaigns } from '../campaigns/tables.js';
import type { Transaction } from '../db/client.js';
import { employees } from '../employees/tables.js';
import type { Stage } from '../opportunities/stages.js';
import {
  lossReasons,
  opportunities,
  stageHistory,
  stagePotentials,
} from '../opportunities/tables.js';
import { contacts, partners, siteEmails, sites } from '../partners/tables.js';
import { taskResponses, tasks } from '../tasks/tables.js';
import { insertInBatches } from './bulk-insert.js';
import { buildCampaigns, type DemoCampaigns } from './campaigns.js';
import { SeedClock } from './clock.js';
import { buildOpportunities, type DemoOpportunities } from './opportunities.js';
import { buildSites, type DemoSites } from './partner-sites.js';
import { buildPartners, type DemoPartner } from './partners.js';
import { buildPeople, type DemoPeople } from './people.js';
import { DEMO_LOSS_REASONS } from './pipeline-texts.js';
import { SeededRandom } from './random.js';
import { buildTasks, type DemoTasks } from './tasks.js';

/** Row counts at scale 1; the employees, users and campaigns do not scale. */
export const BASE_COUNTS = { partners: 2000, opportunities: 600, manualTasks: 1000 } as const;

export interface BuildOptions {
  seed: number;
  scale: number;
  now: Date;
  /** Argon2 hashes of the demo passwords, in the order of `DEMO_LOGINS`. */
  passwordHashes: readonly string[];
}

/** Rows of the database the data set refers to but does not own. */
export interface DemoReferences {
  lossReasonIds: ReadonlyMap<string, string>;
  potentials: ReadonlyMap<Stage, string>;
}

export interface DemoData {
  people: DemoPeople;
  partners: DemoPartner[];
  sites: DemoSites;
  campaigns: DemoCampaigns;
  opportunities: DemoOpportunities;
  tasks: DemoTasks;
}

export type DemoCounts = Record<
  | 'users'
  | 'employees'
  | 'partners'
  | 'sites'
  | 'siteEmails'
  | 'contacts'
  | 'campaigns'
  | 'campaignTargets'
  | 'lossReasons'
  | 'opportunities'
  | 'stageRows'
  | 'tasks'
  | 'taskResponses',
  number
>;

/**
 * Adds the demo loss reasons unless reasons of those names exist, and reads the ids of both
 * and the default stage potentials, which the data set leaves as the migrations set them.
 */
export async function loadReferences(tx: Transaction): Promise<DemoReferences> {
  await tx
    .insert(lossReasons)
    .values(DEMO_LOSS_REASONS.map((name) => ({ name })))
    .onConflictDoNothing({ target: lossReasons.name });
  const reasons = await tx
    .select({ id: lossReasons.id, name: lossReasons.name })
    .from(lossReasons)
    .where(inArray(lossReasons.name, [...DEMO_LOSS_REASONS]));
  const potentials = await tx.select().from(stagePotentials);

  return {
    lossReasonIds: new Map(reasons.map((reason) => [reason.name, reason.id])),
    potentials: new Map(potentials.map((row) => [row.stage, row.potential])),
  };
}

/** Builds every row in memory; the same options and references give the same rows. */
export function buildDemoData(options: BuildOptions, references: DemoReferences): DemoData {
  const random = new SeededRandom(options.seed);
  const clock = new SeedClock(options.now, random);
  const people = buildPeople(random, options.passwordHashes);
  const partnerList = buildPartners(random, clock, people, scaled('partners', options.scale));
  const siteData = buildSites(random, partnerList);
  const campaignData = buildCampaigns(random, clock, partnerList);
  const pipeline = buildOpportunities(
    random,
    clock,
    { ...references, people, partners: partnerList, campaignsByPartner: byPartner(campaignData) },
    scaled('opportunities', options.scale),
  );
  const taskData = buildTasks(
    random,
    clock,
    people,
    partnerList,
    pipeline.followUps,
    scaled('manualTasks', options.scale),
  );

  return {
    people,
    partners: partnerList,
    sites: siteData,
    campaigns: campaignData,
    opportunities: pipeline,
    tasks: taskData,
  };
}

export function scaled(kind: keyof typeof BASE_COUNTS, scale: number): number {
  return Math.max(1, Math.round(BASE_COUNTS[kind] * scale));
}

function byPartner(data: DemoCampaigns): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const target of data.targets) {
    result.set(target.partnerId, [...(result.get(target.partnerId) ?? []), target.campaignId]);
  }

  return result;
}

/** Inserts the data set table by table, parents first, in batches of multi-row INSERTs. */
export async function insertDemoData(tx: Transaction, data: DemoData): Promise<DemoCounts> {
  await insertInBatches(tx, users, data.people.users);
  await insertInBatches(tx, employees, data.people.employees);
  await insertInBatches(
    tx,
    partners,
    data.partners.map((partner) => partner.row),
  );
  await insertInBatches(tx, sites, data.sites.sites);
  await insertInBatches(tx, siteEmails, data.sites.siteEmails);
  await insertInBatches(tx, contacts, data.sites.contacts);
  await insertInBatches(tx, campaigns, data.campaigns.campaigns);
  await insertInBatches(tx, campaignTargets, data.campaigns.targets);
  await insertInBatches(tx, opportunities, data.opportunities.opportunities);
  await insertInBatches(tx, stageHistory, data.opportunities.stages);
  await insertInBatches(tx, tasks, data.tasks.tasks);
  await insertInBatches(tx, taskResponses, data.tasks.responses);

  return {
    users: data.people.users.length,
    employees: data.people.employees.length,
    partners: data.partners.length,
    sites: data.sites.sites.length,
    siteEmails: data.sites.siteEmails.length,
    contacts: data.sites.contacts.length,
    campaigns: data.campaigns.campaigns.length,
    campaignTargets: data.campaigns.targets.length,
    lossReasons: DEMO_LOSS_REASONS.length,
    opportunities: data.opportunities.opportunities.length,
    stageRows: data.opportunities.stages.length,
    tasks: data.tasks.tasks.length,
    taskResponses: data.tasks.responses.length,
  };
}
