import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { campaigns } from '../campaigns/tables.js';
import type { Database, Executor } from '../db/client.js';
import { NotFoundError } from '../errors.js';
import { writePartnerLists } from './partner-lists.js';
import {
  type NewPartnerValues,
  type PartnerRow,
  type PartnerValues,
  toInsertColumns,
  toUpdateColumns,
} from './partner-values.js';
import { partners } from './tables.js';
import { translateWriteError } from './write-errors.js';

/** Creates a partner with its sites, site emails and contacts in one transaction. */
export function createPartner(db: Database, values: NewPartnerValues): Promise<PartnerRow> {
  return writeOrTranslate(db, values, (tx) => insertPartner(tx, values));
}

/** Updates a partner in one transaction. Returns null when no partner has the id. */
export function updatePartner(
  db: Database,
  id: string,
  values: PartnerValues,
): Promise<PartnerRow | null> {
  return writeOrTranslate(db, values, async (tx) => {
    await checkLeadCampaign(tx, values.leadCampaignId);

    const [row] = await tx
      .update(partners)
      .set(toUpdateColumns(values))
      .where(eq(partners.id, id))
      .returning();
    if (row) await writePartnerLists(tx, row.id, values, true);

    return row ?? null;
  });
}

/**
 * Creates the partner with this external id, or updates it when one exists, so an ERP can push
 * the same partner any number of times. `insert ... on conflict` locks the existing row, so
 * concurrent pushes of one partner run one after the other.
 */
export function upsertPartnerByExternalId(
  db: Database,
  externalId: string,
  values: NewPartnerValues,
): Promise<PartnerRow> {
  const pushed = { ...values, externalId };

  return writeOrTranslate(db, pushed, async (tx) => {
    await checkLeadCampaign(tx, values.leadCampaignId);

    const [row] = await tx
      .insert(partners)
      .values(toInsertColumns(pushed))
      .onConflictDoUpdate({ target: partners.externalId, set: toUpdateColumns(pushed) })
      .returning();
    await writePartnerLists(tx, row!.id, values, true);

    return row!;
  });
}

/**
 * Makes a lead a customer from `at`, for a won sale or a manual conversion. A partner that is
 * already a customer with a customer date stays as it is, so calling this twice is harmless.
 */
export async function markPartnerCustomer(
  db: Executor,
  partnerId: string,
  at: Date,
): Promise<PartnerRow> {
  const row = await convertToCustomer(db, partnerId, at);
  if (!row) throw new NotFoundError('partner', partnerId);

  return row;
}

/** Converts like `markPartnerCustomer`, but returns null when no partner has the id. */
export async function convertToCustomer(
  db: Executor,
  partnerId: string,
  at: Date,
): Promise<PartnerRow | null> {
  const [converted] = await db
    .update(partners)
    .set({
      isLead: false,
      customerSince: sql`coalesce(${partners.customerSince}, ${at.toISOString()}::timestamptz)`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(partners.id, partnerId),
        or(eq(partners.isLead, true), isNull(partners.customerSince)),
      ),
    )
    .returning();
  if (converted) return converted;

  const [unchanged] = await db.select().from(partners).where(eq(partners.id, partnerId));

  return unchanged ?? null;
}

async function insertPartner(tx: Executor, values: NewPartnerValues): Promise<PartnerRow> {
  await checkLeadCampaign(tx, values.leadCampaignId);

  const [row] = await tx.insert(partners).values(toInsertColumns(values)).returning();
  await writePartnerLists(tx, row!.id, values, false);

  return row!;
}

/** Rejects a lead campaign id that names no campaign (the column has no foreign key). */
async function checkLeadCampaign(tx: Executor, campaignId: string | null | undefined) {
  if (!campaignId) return;

  const [campaign] = await tx
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId));
  if (!campaign) {
    throw new NotFoundError(
      'campaign',
      encodeGlobalID('Campaign', campaignId),
      'input.leadCampaignId',
    );
  }
}

/** Runs a write in one transaction and turns constraint violations into expected errors. */
async function writeOrTranslate<T>(
  db: Database,
  values: PartnerValues,
  write: (tx: Executor) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction(write);
  } catch (error) {
    throw await translateWriteError(db, error, values);
  }
}
