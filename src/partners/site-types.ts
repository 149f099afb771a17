import { asc, getTableColumns, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { builder } from '../graphql/builder.js';
import { anyOf } from '../graphql/pagination.js';
import { countyName } from './counties.js';
import { contacts, siteEmails, sites } from './tables.js';
import { NotFoundError } from '../errors.js';

export type SiteRow = typeof sites.$inferSelect & { emails: string[] };
export type ContactRow = typeof contacts.$inferSelect;

/** A site with its addresses in list order, gathered by a subquery in the same statement. */
const siteSelection = {
  ...getTableColumns(sites),
  emails: sql<
    string[]
  >`coalesce((select array_agg(${siteEmails.email} order by ${siteEmails.position})
    from ${siteEmails} where ${siteEmails.siteId} = ${sites.id}), '{}')`,
};

/** Loads the sites of many partners in one statement, grouped in `partnerIds` order. */
export async function loadSitesOfPartners(
  db: Executor,
  partnerIds: readonly string[],
): Promise<SiteRow[][]> {
  const rows = await db
    .select(siteSelection)
    .from(sites)
    .where(anyOf(sites.partnerId, partnerIds))
    .orderBy(asc(sites.partnerId), asc(sites.position));

  return groupBy(rows, partnerIds, (row) => row.partnerId);
}

/** Loads the contacts of many partners in one statement, grouped in `partnerIds` order. */
export async function loadContactsOfPartners(
  db: Executor,
  partnerIds: readonly string[],
): Promise<ContactRow[][]> {
  const rows = await db
    .select()
    .from(contacts)
    .where(anyOf(contacts.partnerId, partnerIds))
    .orderBy(asc(contacts.partnerId), asc(contacts.position));

  return groupBy(rows, partnerIds, (row) => row.partnerId);
}

function groupBy<Row>(rows: Row[], keys: readonly string[], keyOf: (row: Row) => string): Row[][] {
  const groups = new Map<string, Row[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);

  return keys.map((key) => groups.get(key)!);
}

export const SiteRef = builder.loadableNode('Site', {
  description: 'A site (sediu) of a partner, with the email addresses used to match mail to it.',
  id: { resolve: (site: SiteRow) => site.id },
  load: async (ids: string[], context) => {
    const rows = await context.db.select(siteSelection).from(sites).where(anyOf(sites.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('site', id));
  },
  fields: (t) => ({
    name: t.exposeString('name'),
    address: t.exposeString('address', { nullable: true }),
    locality: t.exposeString('locality', { nullable: true }),
    county: t.exposeString('county', { nullable: true, description: 'County code, such as CJ.' }),
    countyName: t.string({
      nullable: true,
      resolve: (site) => (site.county ? countyName(site.county) : null),
    }),
    emails: t.exposeStringList('emails', { description: 'Lower-case addresses, in list order.' }),
  }),
});

export const ContactRef = builder.loadableNode('Contact', {
  description: 'A contact person at a partner.',
  id: { resolve: (contact: ContactRow) => contact.id },
  load: async (ids: string[], context) => {
    const rows = await context.db.select().from(contacts).where(anyOf(contacts.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('contact', id));
  },
  fields: (t) => ({
    name: t.exposeString('name'),
    role: t.exposeString('role', { nullable: true }),
    email: t.exposeString('email', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true }),
  }),
});
