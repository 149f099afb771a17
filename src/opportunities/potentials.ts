import { and, eq, sql } from 'drizzle-orm';
import type { Executor, Transaction } from '../db/client.js';
import { STAGES, type Stage } from './stages.js';
import { opportunities, opportunityStagePotentials, stagePotentials } from './tables.js';

export interface StagePotential {
  stage: Stage;
  /** Percent of the opportunity value, as a decimal string. */
  potential: string;
}

/** Lists the default potential of every stage in pipeline order. A missing row counts as 0. */
export async function listStagePotentials(db: Executor): Promise<StagePotential[]> {
  const rows = await db.select().from(stagePotentials);
  const byStage = new Map(rows.map((row) => [row.stage, row.potential]));

  return STAGES.map((stage) => ({ stage, potential: byStage.get(stage) ?? '0' }));
}

/**
 * Reads the potential an opportunity takes at `stage`: its own override, else the stage default.
 * The default row is locked FOR SHARE until commit, so a concurrent change of that default waits
 * and then also updates this opportunity.
 */
export async function potentialAt(tx: Transaction, opportunityId: string, stage: Stage) {
  const [row] = (await tx.execute(sql`select coalesce(
      (select potential from ${opportunityStagePotentials}
        where opportunity_id = ${opportunityId} and stage = ${stage}),
      (select potential from ${stagePotentials} where stage = ${stage} for share),
      0) as potential`)) as unknown as { potential: string }[];

  return row!.potential;
}

/**
 * Sets the default potential of a stage and applies it to the opportunities at that stage that
 * have no override for it.
 */
export async function setDefaultStagePotential(
  tx: Transaction,
  stage: Stage,
  potential: string,
): Promise<StagePotential> {
  await tx
    .insert(stagePotentials)
    .values({ stage, potential })
    .onConflictDoUpdate({ target: stagePotentials.stage, set: { potential } });
  await tx
    .update(opportunities)
    .set({ potential, updatedAt: sql`now()` })
    .where(
      and(
        eq(opportunities.stage, stage),
        sql`not exists (select 1 from ${opportunityStagePotentials} o
          where o.opportunity_id = ${opportunities.id} and o.stage = ${stage})`,
      ),
    );

  return { stage, potential };
}

/**
 * Sets or, with a null potential, removes the override of one stage on one opportunity, and
 * updates the opportunity's potential when it is at that stage. The caller holds the
 * opportunity row lock.
 */
export async function setOpportunityStagePotential(
  tx: Transaction,
  opportunity: { id: string; stage: Stage },
  stage: Stage,
  potential: string | null,
): Promise<void> {
  const key = and(
    eq(opportunityStagePotentials.opportunityId, opportunity.id),
    eq(opportunityStagePotentials.stage, stage),
  );
  if (potential === null) {
    await tx.delete(opportunityStagePotentials).where(key);
  } else {
    await tx
      .insert(opportunityStagePotentials)
      .values({ opportunityId: opportunity.id, stage, potential })
      .onConflictDoUpdate({
        target: [opportunityStagePotentials.opportunityId, opportunityStagePotentials.stage],
        set: { potential },
      });
  }

  if (stage === opportunity.stage) {
    const current = await potentialAt(tx, opportunity.id, stage);
    await tx
      .update(opportunities)
      .set({ potential: current, updatedAt: sql`now()` })
      .where(eq(opportunities.id, opportunity.id));
  }
}
