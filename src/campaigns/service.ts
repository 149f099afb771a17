import { eq } from 'drizzle-orm';
import type { Executor, Transaction } from '../db/client.js';
import { notFound } from '../opportunities/references.js';
import { campaigns } from './tables.js';

export type CampaignRow = typeof campaigns.$inferSelect;
export type CampaignValues = Omit<typeof campaigns.$inferInsert, 'id' | 'createdAt'>;

export async function createCampaign(db: Executor, values: CampaignValues): Promise<CampaignRow> {
  const [row] = await db.insert(campaigns).values(values).returning();

  return row!;
}

export async function updateCampaign(
  db: Executor,
  id: string,
  values: CampaignValues,
): Promise<CampaignRow> {
  const [row] = await db.update(campaigns).set(values).where(eq(campaigns.id, id)).returning();
  if (!row) throw notFound('Campaign', 'campaign', id);

  return row;
}

/** Reads a campaign and locks it, so target changes and generation on it run one at a time. */
export async function lockCampaign(
  tx: Transaction,
  id: string,
  field = 'campaignId',
): Promise<CampaignRow> {
  const [row] = await tx.select().from(campaigns).where(eq(campaigns.id, id)).for('update');
  if (!row) throw notFound('Campaign', 'campaign', id, field);

  return row;
}
