import { count, eq, sql } from 'drizzle-orm';
import type { Transaction } from '../db/client.js';
import type { Viewer } from '../graphql/context.js';
import { assertReferencesExist } from '../opportunities/references.js';
import { defaultPotentialSql } from '../opportunities/service.js';
import { insertStageRows } from '../opportunities/stage-events.js';
import { opportunities } from '../opportunities/tables.js';
import { partners } from '../partners/tables.js';
import { lockCampaign } from './service.js';
import { campaignTargets } from './tables.js';

export interface GenerationValues {
  /** Each title is the prefix, " - " and the partner name. */
  titlePrefix: string;
  value: string;
  /** Owner of every new opportunity. Null gives each one its partner's sales representative. */
  ownerId: string | null;
  expectedSignOn: string | null;
}

export interface GenerationResult {
  campaignId: string;
  createdCount: number;
  /** Targets skipped because they already have an opportunity in this campaign. */
  skippedCount: number;
}

/**
 * Creates one NEW opportunity for each campaign target that has none in this campaign yet, so
 * running it again only covers targets added since. The campaign row lock serializes runs.
 */
export async function generateCampaignOpportunities(
  tx: Transaction,
  viewer: Viewer,
  campaignId: string,
  values: GenerationValues,
): Promise<GenerationResult> {
  await lockCampaign(tx, campaignId);
  await assertReferencesExist(tx, [
    { typename: 'Employee', field: 'input.ownerId', id: values.ownerId },
  ]);

  const created = (await tx.execute(sql`insert into ${opportunities}
      (title, partner_id, campaign_id, owner_id, value, expected_sign_on, stage, potential)
    select ${values.titlePrefix} || ' - ' || ${partners.name}, ${partners.id}, ${campaignId},
      coalesce(${values.ownerId}::uuid, ${partners.salesRepId}), ${values.value},
      ${values.expectedSignOn}::date, 'NEW', ${defaultPotentialSql('NEW')}
    from ${campaignTargets} join ${partners} on ${partners.id} = ${campaignTargets.partnerId}
    where ${campaignTargets.campaignId} = ${campaignId} and not exists (
      select 1 from ${opportunities} existing
      where existing.campaign_id = ${campaignId} and existing.partner_id = ${partners.id})
    returning id, owner_id`)) as unknown as { id: string; owner_id: string | null }[];
  await insertStageRows(
    tx,
    created.map((row) => ({
      opportunityId: row.id,
      previousStage: null,
      stage: 'NEW',
      delegateId: row.owner_id,
      notes: null,
      followUpAt: null,
      userId: viewer.userId,
    })),
  );

  const [targets] = await tx
    .select({ total: count() })
    .from(campaignTargets)
    .where(eq(campaignTargets.campaignId, campaignId));

  return {
    campaignId,
    createdCount: created.length,
    skippedCount: targets!.total - created.length,
  };
}
