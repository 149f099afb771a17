import { eq, sql } from 'drizzle-orm';
import type { Transaction } from '../db/client.js';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { type FieldIssue, ValidationError } from '../errors.js';
import type { Viewer } from '../graphql/context.js';
import { markPartnerCustomer } from '../partners/service.js';
import { assertMayChangeOpportunity } from './permissions.js';
import { potentialAt } from './potentials.js';
import { assertReferencesExist, notFound } from './references.js';
import { lockOpportunity, type OpportunityRow } from './service.js';
import { insertStageRows } from './stage-events.js';
import { type Stage, stageAdvanceProblem } from './stages.js';
import { lossReasons, opportunities } from './tables.js';

export interface StageAdvance {
  stage: Stage;
  /** Employee responsible for the stage. Undefined makes the owner the delegate. */
  delegateId?: string | null;
  notes: string | null;
  followUpAt: Date | null;
}

export interface Loss {
  lossReasonId: string;
  winningCompetitor: string | null;
  notes: string | null;
}

/**
 * Moves an opportunity to `advance.stage` and records the stage row. A SALE closes the
 * opportunity and makes its partner a customer.
 */
export async function advanceOpportunityStage(
  tx: Transaction,
  viewer: Viewer,
  id: string,
  advance: StageAdvance,
): Promise<OpportunityRow> {
  const current = await lockOpportunity(tx, id);
  assertMayChangeOpportunity(viewer, current.ownerId, 'advanceOpportunityStage');
  const problem = stageAdvanceProblem(current.stage, advance.stage);
  if (problem) throw ValidationError.of('input.stage', advance.stage, problem);
  const delegateId = advance.delegateId === undefined ? current.ownerId : advance.delegateId;
  await assertReferencesExist(tx, [
    { typename: 'Employee', field: 'input.delegateId', id: delegateId },
  ]);

  const row = await enterStage(tx, current, advance.stage, {});
  await insertStageRows(tx, [
    {
      ...advance,
      opportunityId: id,
      previousStage: current.stage,
      delegateId,
      userId: viewer.userId,
    },
  ]);
  if (advance.stage === 'SALE') await markPartnerCustomer(tx, current.partnerId, new Date());

  return row;
}

/** Closes an opportunity as LOST with a loss reason from the register. */
export async function markOpportunityLost(
  tx: Transaction,
  viewer: Viewer,
  id: string,
  loss: Loss,
): Promise<OpportunityRow> {
  const current = await lockOpportunity(tx, id);
  assertMayChangeOpportunity(viewer, current.ownerId, 'markOpportunityLost');
  const issues = [closedIssue(current), await inactiveReasonIssue(tx, loss.lossReasonId)];
  const found = issues.filter((issue) => issue !== null);
  if (found.length > 0) throw new ValidationError(found);

  const row = await enterStage(tx, current, 'LOST', {
    lossReasonId: loss.lossReasonId,
    winningCompetitor: loss.winningCompetitor,
  });
  await insertStageRows(tx, [
    {
      opportunityId: id,
      previousStage: current.stage,
      stage: 'LOST',
      delegateId: current.ownerId,
      notes: loss.notes,
      followUpAt: null,
      userId: viewer.userId,
    },
  ]);

  return row;
}

async function enterStage(
  tx: Transaction,
  current: OpportunityRow,
  stage: Stage,
  extra: Partial<Pick<OpportunityRow, 'lossReasonId' | 'winningCompetitor'>>,
): Promise<OpportunityRow> {
  const potential = await potentialAt(tx, current.id, stage);
  const closes = stage === 'SALE' || stage === 'LOST';
  const [row] = await tx
    .update(opportunities)
    .set({
      ...extra,
      stage,
      potential,
      closedAt: closes ? sql`coalesce(${opportunities.closedAt}, now())` : null,
      updatedAt: sql`now()`,
    })
    .where(eq(opportunities.id, current.id))
    .returning();

  return row!;
}

/** Returns the issue of marking an opportunity lost that is already closed, or null. */
function closedIssue(current: OpportunityRow): FieldIssue | null {
  if (current.stage !== 'LOST' && current.stage !== 'SALE') return null;

  return {
    field: 'id',
    value: encodeGlobalID('Opportunity', current.id),
    message: `the opportunity is already closed as ${current.stage}; only open opportunities can be lost`,
  };
}

/**
 * Returns the issue of a deactivated loss reason, or null for an active one. Raises NotFoundError
 * when no loss reason has the id.
 */
async function inactiveReasonIssue(
  tx: Transaction,
  lossReasonId: string,
): Promise<FieldIssue | null> {
  const [reason] = await tx.select().from(lossReasons).where(eq(lossReasons.id, lossReasonId));
  if (!reason) throw notFound('LossReason', 'loss reason', lossReasonId, 'input.lossReasonId');
  if (reason.active) return null;

  return {
    field: 'input.lossReasonId',
    value: encodeGlobalID('LossReason', lossReasonId),
    message: `the loss reason "${reason.name}" is deactivated; pick an active reason from lossReasons`,
  };
}
