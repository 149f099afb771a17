import { eq, sql } from 'drizzle-orm';
import type { Transaction } from '../db/client.js';
import type { Viewer } from '../graphql/context.js';
import { assertMayAssignOwner, assertMayChangeOpportunity } from './permissions.js';
import { assertReferencesExist, notFound } from './references.js';
import { insertStageRows } from './stage-events.js';
import type { Stage } from './stages.js';
import { opportunities, stagePotentials } from './tables.js';

export type OpportunityRow = typeof opportunities.$inferSelect;

export interface OpportunityValues {
  title: string;
  partnerId: string;
  campaignId: string | null;
  /** Undefined makes the viewer's employee the owner. */
  ownerId?: string | null;
  value: string;
  probability: number;
  expectedSignOn: string | null;
  /** Notes and follow-up date of the NEW stage row. */
  notes: string | null;
  followUpAt: Date | null;
}

export type OpportunityPatch = Partial<
  Pick<
    OpportunityRow,
    'title' | 'campaignId' | 'ownerId' | 'value' | 'probability' | 'expectedSignOn'
  >
>;

/**
 * Builds the subquery that reads the default potential of a stage inside an INSERT. Its row lock
 * makes a concurrent change of that default wait for this transaction and then update the new
 * opportunities too.
 */
export function defaultPotentialSql(stage: Stage) {
  return sql`coalesce((select potential from ${stagePotentials} where stage = ${stage} for share), 0)`;
}

/** Reads an opportunity and locks its row until the transaction ends. */
export async function lockOpportunity(tx: Transaction, id: string, field = 'id') {
  const [row] = await tx.select().from(opportunities).where(eq(opportunities.id, id)).for('update');
  if (!row) throw notFound('Opportunity', 'opportunity', id, field);

  return row;
}

/** Inserts an opportunity at stage NEW together with its NEW stage row. */
export async function createOpportunity(
  tx: Transaction,
  viewer: Viewer,
  values: OpportunityValues,
): Promise<OpportunityRow> {
  const ownerId = values.ownerId === undefined ? viewer.employeeId : values.ownerId;
  assertMayAssignOwner(viewer, ownerId, 'createOpportunity');
  await assertReferencesExist(tx, [
    { typename: 'Partner', field: 'input.partnerId', id: values.partnerId },
    { typename: 'Campaign', field: 'input.campaignId', id: values.campaignId },
    { typename: 'Employee', field: 'input.ownerId', id: ownerId },
  ]);

  const { notes, followUpAt, ...columns } = values;
  const [row] = await tx
    .insert(opportunities)
    .values({ ...columns, ownerId, stage: 'NEW', potential: defaultPotentialSql('NEW') })
    .returning();
  await insertStageRows(tx, [
    {
      opportunityId: row!.id,
      previousStage: null,
      stage: 'NEW',
      delegateId: ownerId,
      notes,
      followUpAt,
      userId: viewer.userId,
    },
  ]);

  return row!;
}

/** Changes the fields in `patch`. Fields left undefined keep their value. */
export async function updateOpportunity(
  tx: Transaction,
  viewer: Viewer,
  id: string,
  patch: OpportunityPatch,
): Promise<OpportunityRow> {
  const current = await lockOpportunity(tx, id);
  assertMayChangeOpportunity(viewer, current.ownerId, 'updateOpportunity');
  if (patch.ownerId !== undefined && patch.ownerId !== current.ownerId) {
    assertMayAssignOwner(viewer, patch.ownerId, 'updateOpportunity');
  }
  await assertReferencesExist(tx, [
    { typename: 'Campaign', field: 'input.campaignId', id: patch.campaignId },
    { typename: 'Employee', field: 'input.ownerId', id: patch.ownerId },
  ]);

  const [row] = await tx
    .update(opportunities)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(opportunities.id, id))
    .returning();

  return row!;
}
