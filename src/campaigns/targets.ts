import { and, eq, sql } from 'drizzle-orm';
import type { Transaction } from '../db/client.js';
import { ValidationError } from '../errors.js';
import { notFound } from '../opportunities/references.js';
import { anyOf } from '../graphql/pagination.js';
import { partnerFilterCondition, type PartnerFilterValues } from '../partners/partner-filter.js';
import { partners } from '../partners/tables.js';
import { lockCampaign } from './service.js';
import { campaignTargets } from './tables.js';

/** Adds partners to a campaign's targets and skips those already there. */
export async function addTargets(
  tx: Transaction,
  campaignId: string,
  partnerIds: string[],
): Promise<number> {
  await lockCampaign(tx, campaignId);
  const found = await tx
    .select({ id: partners.id })
    .from(partners)
    .where(anyOf(partners.id, partnerIds));
  const foundIds = new Set(found.map((row) => row.id));
  const missing = partnerIds.findIndex((id) => !foundIds.has(id));
  if (missing >= 0) {
    throw notFound('Partner', 'partner', partnerIds[missing]!, `partnerIds.${missing}`);
  }
  if (partnerIds.length === 0) return 0;

  // clock_timestamp() advances row by row, so the targets list keeps the order of partnerIds.
  const added = await tx
    .insert(campaignTargets)
    .values(
      [...new Set(partnerIds)].map((partnerId) => ({
        campaignId,
        partnerId,
        addedAt: sql`clock_timestamp()`,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: campaignTargets.id });

  return added.length;
}

/**
 * Adds every partner matching `filter` to a campaign's targets, in one statement. An empty filter
 * is rejected, because it would target every partner.
 */
export async function addTargetsByFilter(
  tx: Transaction,
  campaignId: string,
  filter: PartnerFilterValues,
): Promise<number> {
  const condition = partnerFilterCondition(filter);
  if (!condition) {
    throw ValidationError.of(
      'filter',
      filter,
      'give at least one criterion; an empty filter would target every partner',
    );
  }
  await lockCampaign(tx, campaignId);

  // Matches are added in name order, and clock_timestamp() keeps that order in the targets list.
  const added = await tx.execute(sql`insert into ${campaignTargets}
      (campaign_id, partner_id, added_at)
    select ${campaignId}, matched.id, clock_timestamp()
    from (select ${partners.id} as id from ${partners} where ${condition}
      order by ${partners.name}, ${partners.id}) matched
    on conflict do nothing returning id`);

  return added.length;
}

export async function removeTarget(
  tx: Transaction,
  campaignId: string,
  partnerId: string,
): Promise<void> {
  await lockCampaign(tx, campaignId);
  const removed = await tx
    .delete(campaignTargets)
    .where(
      and(eq(campaignTargets.campaignId, campaignId), eq(campaignTargets.partnerId, partnerId)),
    )
    .returning({ id: campaignTargets.id });
  if (removed.length === 0) {
    throw notFound('Partner', 'campaign target', partnerId, 'partnerId');
  }
}
