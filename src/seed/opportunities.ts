import type { opportunities, stageHistory } from '../opportunities/tables.js';
import { STAGES, type Stage } from '../opportunities/stages.js';
import type { SeedClock } from './clock.js';
import { COMPETITORS } from './names.js';
import type { DemoPartner } from './partners.js';
import type { DemoPeople } from './people.js';
import {
  COMPETITOR_REASON,
  DEMO_LOSS_REASONS,
  OPPORTUNITY_TITLES,
  STAGE_NOTES,
} from './pipeline-texts.js';
import type { SeededRandom } from './random.js';

/**
 * Stage of the opportunity at each index, repeating every 20: four each of NEW and
 * PRESENTATION, three of every other stage. Any 6 consecutive opportunities cover all stages.
 */
const STAGE_CYCLE: readonly Stage[] = Array.from(
  { length: 20 },
  (_, index) => STAGES[index < 18 ? index % 6 : index - 18]!,
);

const OPEN_PATH: readonly Stage[] = ['NEW', 'PRESENTATION', 'OFFER', 'NEGOTIATION'];

const PROBABILITY: Record<Stage, number> = {
  NEW: 10,
  PRESENTATION: 20,
  OFFER: 40,
  NEGOTIATION: 70,
  SALE: 100,
  LOST: 0,
};

/** A stage row with a follow-up date, for which the CRM creates a task. */
export interface FollowUp {
  opportunityId: string;
  stageId: string;
  stage: Stage;
  partnerId: string;
  delegateId: string;
  creatorId: string;
  title: string;
  notes: string;
  enteredAt: Date;
  followUpAt: Date;
  /** When the next stage was entered, or null while this is the current stage. */
  resolvedAt: Date | null;
}

export interface PipelineReferences {
  people: DemoPeople;
  partners: readonly DemoPartner[];
  /** Campaign ids by the id of each partner they target. */
  campaignsByPartner: ReadonlyMap<string, string[]>;
  lossReasonIds: ReadonlyMap<string, string>;
  /** Default potential of each stage in percent, as the stage_potentials table contains it. */
  potentials: ReadonlyMap<Stage, string>;
}

export interface DemoOpportunities {
  opportunities: (typeof opportunities.$inferInsert & { id: string })[];
  stages: (typeof stageHistory.$inferInsert)[];
  followUps: FollowUp[];
}

/** Lists the stages an opportunity went through; a lost one left after 1 to 4 open stages. */
export function stagePath(stage: Stage, lostOrdinal: number): Stage[] {
  if (stage === 'LOST') return [...OPEN_PATH.slice(0, 1 + (lostOrdinal % 4)), 'LOST'];
  if (stage === 'SALE') return [...OPEN_PATH, 'SALE'];

  return OPEN_PATH.slice(0, OPEN_PATH.indexOf(stage) + 1);
}

/**
 * Builds `count` opportunities in every stage with their stage history. Each open stage row has
 * a follow-up date; a won opportunity turns its partner from a lead into a customer.
 */
export function buildOpportunities(
  random: SeededRandom,
  clock: SeedClock,
  references: PipelineReferences,
  count: number,
): DemoOpportunities {
  const result: DemoOpportunities = { opportunities: [], stages: [], followUps: [] };
  let lostOrdinal = 0;

  for (let index = 0; index < count; index += 1) {
    const stage = STAGE_CYCLE[index % STAGE_CYCLE.length]!;
    const path = stagePath(stage, lostOrdinal);
    if (stage === 'LOST') lostOrdinal += 1;
    addOpportunity(random, clock, references, path, result);
  }

  return result;
}

function addOpportunity(
  random: SeededRandom,
  clock: SeedClock,
  references: PipelineReferences,
  path: Stage[],
  result: DemoOpportunities,
): void {
  const partner = random.pick(references.partners).row;
  const sales = references.people.departments['Vânzări'];
  const ownerId =
    partner.salesRepId && random.chance(0.8) ? partner.salesRepId : random.pick(sales);
  const creatorId = creatorOf(references.people, ownerId);
  const id = random.uuid();
  const title = random.pick(OPPORTUNITY_TITLES);
  const entered = enteredTimes(random, clock, path);
  const stage = path.at(-1)!;
  const closedAt = stage === 'SALE' || stage === 'LOST' ? entered.at(-1)! : null;

  path.forEach((rowStage, position) => {
    const stageId = random.uuid();
    const delegateId = random.chance(0.25) ? random.pick(sales) : ownerId;
    const notes = random.pick(STAGE_NOTES[rowStage]);
    const isOpenStage = rowStage !== 'SALE' && rowStage !== 'LOST';
    const next = entered[position + 1] ?? null;
    const followUpAt = isOpenStage ? followUpTime(random, clock, entered[position]!, next) : null;
    result.stages.push({
      id: stageId,
      opportunityId: id,
      stage: rowStage,
      enteredAt: entered[position]!,
      delegateId,
      notes,
      followUpAt,
      createdById: creatorId,
    });
    if (followUpAt) {
      result.followUps.push({
        opportunityId: id,
        stageId,
        stage: rowStage,
        partnerId: partner.id,
        delegateId,
        creatorId,
        title,
        notes,
        enteredAt: entered[position]!,
        followUpAt,
        resolvedAt: next,
      });
    }
  });

  result.opportunities.push({
    id,
    title,
    partnerId: partner.id,
    campaignId: campaignOf(random, references, partner.id, partner.leadCampaignId ?? null),
    ownerId,
    value: `${random.int(10, 800) * 250}.00`,
    probability: PROBABILITY[stage],
    potential: references.potentials.get(stage) ?? '0',
    expectedSignOn: closedAt ? clock.dateOf(closedAt) : clock.date(random.int(7, 120)),
    stage,
    ...loss(random, references, partner, stage),
    closedAt,
    createdAt: entered[0]!,
    updatedAt: entered.at(-1)!,
  });
  if (stage === 'SALE') winCustomer(partner, closedAt!, references);
}

/** Picks when each stage was entered: 3 to 18 days apart, the last 1 to 25 days ago. */
function enteredTimes(random: SeededRandom, clock: SeedClock, path: Stage[]): Date[] {
  const daysAgo = [random.int(1, 25)];
  while (daysAgo.length < path.length) daysAgo.unshift(daysAgo[0]! + random.int(3, 18));

  return daysAgo.map((days) => clock.past(days));
}

/** Picks a follow-up before the next stage, or 1 to 14 days after entering the current one. */
function followUpTime(random: SeededRandom, clock: SeedClock, entered: Date, next: Date | null) {
  const limit = next
    ? Math.max(1, Math.floor((next.getTime() - entered.getTime()) / 86_400_000))
    : 14;
  const followUp = clock.workingTime(clock.dayOffset(entered) + random.int(1, limit));

  return followUp > entered ? followUp : new Date(entered.getTime() + 3_600_000);
}

function loss(
  random: SeededRandom,
  references: PipelineReferences,
  partner: DemoPartner['row'],
  stage: Stage,
) {
  if (stage !== 'LOST') return { lossReasonId: null, winningCompetitor: null };

  const reason = random.pick(DEMO_LOSS_REASONS);
  const lossReasonId = references.lossReasonIds.get(reason)!;
  if (reason !== COMPETITOR_REASON) return { lossReasonId, winningCompetitor: null };

  const known = partner.competitors ?? [];
  const winningCompetitor = known.length > 0 ? random.pick(known) : random.pick(COMPETITORS);
  if (!known.includes(winningCompetitor)) partner.competitors = [...known, winningCompetitor];

  return { lossReasonId, winningCompetitor };
}

function campaignOf(
  random: SeededRandom,
  references: PipelineReferences,
  partnerId: string,
  leadCampaignId: string | null,
): string | null {
  if (leadCampaignId) return leadCampaignId;

  const targeted = references.campaignsByPartner.get(partnerId);

  return targeted && random.chance(0.7) ? random.pick(targeted) : null;
}

/** Makes a lead a customer from the day its sale closed. */
function winCustomer(partner: DemoPartner['row'], closedAt: Date, references: PipelineReferences) {
  if (!partner.isLead) return;

  partner.isLead = false;
  partner.customerSince = closedAt;
  partner.serviceRepId ??= references.people.departments.Service[0]!;
  partner.updatedAt = closedAt;
}

/** Returns the user linked to the owner, or the manager for owners without a user. */
function creatorOf(people: DemoPeople, ownerId: string): string {
  const userId = people.employees.find((employee) => employee.id === ownerId)?.userId;

  return userId ?? people.users.find((user) => user.role === 'MANAGER')!.id;
}
