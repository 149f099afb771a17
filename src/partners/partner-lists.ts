import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import type { ContactValues, PartnerValues, SiteValues } from './partner-values.js';
import { contacts, siteEmails, sites } from './tables.js';

/**
 * Writes the site and contact lists given in `values`, and a list left out stays as stored. With
 * `replace`, the stored list is deleted first, and site emails go with their sites by cascade.
 */
export async function writePartnerLists(
  tx: Executor,
  partnerId: string,
  values: PartnerValues,
  replace: boolean,
): Promise<void> {
  if (values.sites) {
    if (replace) await tx.delete(sites).where(eq(sites.partnerId, partnerId));
    await insertSites(tx, partnerId, values.sites);
  }

  if (values.contacts) {
    if (replace) await tx.delete(contacts).where(eq(contacts.partnerId, partnerId));
    await insertContacts(tx, partnerId, values.contacts);
  }
}

async function insertSites(tx: Executor, partnerId: string, list: SiteValues[]): Promise<void> {
  if (list.length === 0) return;

  const rows = list.map((site, position) => ({
    partnerId,
    position,
    name: site.name,
    address: site.address ?? null,
    locality: site.locality ?? null,
    county: site.county ?? null,
  }));
  const inserted = await tx
    .insert(sites)
    .values(rows)
    .returning({ id: sites.id, position: sites.position });
  const siteIdAt = new Map(inserted.map((site) => [site.position, site.id]));

  const emailRows = list.flatMap((site, sitePosition) =>
    (site.emails ?? []).map((email, position) => ({
      siteId: siteIdAt.get(sitePosition)!,
      partnerId,
      email,
      position,
    })),
  );
  if (emailRows.length > 0) await tx.insert(siteEmails).values(emailRows);
}

async function insertContacts(
  tx: Executor,
  partnerId: string,
  list: ContactValues[],
): Promise<void> {
  if (list.length === 0) return;

  await tx.insert(contacts).values(
    list.map((contact, position) => ({
      partnerId,
      position,
      name: contact.name,
      role: contact.role ?? null,
      email: contact.email ?? null,
      phone: contact.phone ?? null,
    })),
  );
}
