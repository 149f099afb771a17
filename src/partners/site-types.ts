import { asc, getTableColumns, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { builder } from '../graphql/builder.js';
import { anyOf } from '../graphql/pagination.js';
import { countyName } from './counties.js';
import { emailBounces } from '../mail/import/tables.js';
import { contacts, siteEmails, sites } from './tables.js';
import { NotFoundError } from '../errors.js';

/** A bounce record of one site address, as the site selection reads it from JSON. */
export interface SiteEmailBounce {
  address: string;
  bounceCount: number;
  firstBouncedAt: string;
  lastBouncedAt: string;
  lastStatus: string | null;
}

export type SiteRow = typeof sites.$inferSelect & {
  emails: string[];
  emailBounces: SiteEmailBounce[];
};
export type ContactRow = typeof contacts.$inferSelect;

/** A site with its addresses in list order, gathered by a subquery in the same statement. */
const siteSelection = {
  ...getTableColumns(sites),
  emails: sql<
    string[]
  >`coalesce((select array_agg(${siteEmails.email} order by ${siteEmails.position})
    from ${siteEmails} where ${siteEmails.siteId} = ${sites.id}), '{}')`,
  // Aliased, because Drizzle leaves column names unqualified in a single-table select.
  emailBounces: sql<SiteEmailBounce[]>`coalesce((select json_agg(json_build_object(
      'address', bounce.email,
      'bounceCount', bounce.bounce_count,
      'firstBouncedAt', bounce.first_bounced_at,
      'lastBouncedAt', bounce.last_bounced_at,
      'lastStatus', bounce.last_status) order by site_email.position)
    from ${siteEmails} site_email join ${emailBounces} bounce on bounce.email = site_email.email
    where site_email.site_id = ${sites}.id), '[]'::json)`,
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

const SiteEmailBounceRef = builder.objectRef<SiteEmailBounce>('SiteEmailBounce').implement({
  description:
    'An address of a site that mail bounced from, counted from imported bounce reports. The address stays on the site until a user removes it.',
  fields: (t) => ({
    address: t.exposeString('address', { description: 'The lower-case address.' }),
    bounceCount: t.exposeInt('bounceCount', {
      description: 'Bounce reports imported for the address.',
    }),
    firstBouncedAt: t.field({
      type: 'DateTime',
      resolve: (bounce) => new Date(bounce.firstBouncedAt),
    }),
    lastBouncedAt: t.field({
      type: 'DateTime',
      description: 'Date of the latest bounce report.',
      resolve: (bounce) => new Date(bounce.lastBouncedAt),
    }),
    lastStatus: t.exposeString('lastStatus', {
      nullable: true,
      description: 'Enhanced status code of the latest bounce, such as 5.1.1 (no such mailbox).',
    }),
  }),
});

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
    emailBounces: t.field({
      type: [SiteEmailBounceRef],
      description: 'Addresses of the site that mail bounced from, in list order.',
      resolve: (site) => site.emailBounces,
    }),
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
