import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { createFileStore } from '../src/attachments/index.js';
import { hashPassword } from '../src/auth/passwords.js';
import { users } from '../src/auth/tables.js';
import type { Database } from '../src/db/client.js';
import { employees } from '../src/employees/tables.js';
import { type EventBus } from '../src/events/event-bus.js';
import { moduleLogger } from '../src/logger.js';
import { createEmailFileStore } from '../src/mail/import/email-files.js';
import type { ImportServices } from '../src/mail/import/import-message.js';
import { createPartner } from '../src/partners/service.js';
import { sites } from '../src/partners/tables.js';
import { updateSettings } from '../src/settings/service.js';
import { loadJson } from './mail-corpus.js';

interface PartnersFile {
  own_company: { domains: string[] };
  partners: { id: string; name: string; sites: { id: string; name: string; emails: string[] }[] }[];
}

/** The corpus directory loaded into a database, with its fixture ids mapped to row ids. */
export interface CorpusDirectory {
  adminUserId: string;
  /** Fixture partner id (P001) to partner uuid. */
  partnerIds: Map<string, string>;
  /** Fixture site id (P001-S1) to site uuid. */
  siteIds: Map<string, string>;
  /** Fixture partner id to the employee who is its sales representative. */
  salesRepIds: Map<string, string>;
  /** Fixture partner id to the user linked to its sales representative. */
  salesRepUserIds: Map<string, string>;
}

/** One hash for every seeded user: these users never log in, and hashing is slow on purpose. */
let passwordHash: Promise<string> | null = null;

async function insertUser(db: Database, name: string, role: 'ADMIN' | 'AGENT') {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@crm.test`;
  passwordHash ??= hashPassword('unused-password-123');
  const [user] = await db
    .insert(users)
    .values({ email, name, role, passwordHash: await passwordHash })
    .returning();

  return user!.id;
}

/**
 * Loads partners.json of the corpus: every partner with its sites and addresses, a sales
 * representative (an employee with a user) per partner, an admin, and the company's own domains.
 */
export async function seedCorpusDirectory(db: Database): Promise<CorpusDirectory> {
  const file = loadJson<PartnersFile>('partners.json');
  const adminUserId = await insertUser(db, 'Import Admin', 'ADMIN');
  await updateSettings(db, adminUserId, { ownEmailDomains: file.own_company.domains });
  const directory: CorpusDirectory = {
    adminUserId,
    partnerIds: new Map(),
    siteIds: new Map(),
    salesRepIds: new Map(),
    salesRepUserIds: new Map(),
  };

  for (const partner of file.partners) {
    const userId = await insertUser(db, `Rep ${partner.id}`, 'AGENT');
    const [employee] = await db
      .insert(employees)
      .values({ name: `Rep ${partner.id}`, userId, department: 'Sales' })
      .returning();
    const row = await createPartner(db, {
      name: partner.name,
      salesRepId: employee!.id,
      sites: partner.sites.map((site) => ({
        name: site.name,
        emails: site.emails.map((email) => email.toLowerCase()),
      })),
    });
    const stored = await db
      .select({ id: sites.id })
      .from(sites)
      .where(eq(sites.partnerId, row.id))
      .orderBy(asc(sites.position));
    partner.sites.forEach((site, index) => directory.siteIds.set(site.id, stored[index]!.id));
    directory.partnerIds.set(partner.id, row.id);
    directory.salesRepIds.set(partner.id, employee!.id);
    directory.salesRepUserIds.set(partner.id, userId);
  }

  return directory;
}

/** Import services over a real database, a real file store in a temporary folder and `events`. */
export async function createImportServices(
  db: Database,
  events: EventBus,
): Promise<ImportServices> {
  const root = await mkdtemp(join(tmpdir(), 'crm-mail-files-'));

  return {
    db,
    events,
    files: createEmailFileStore(createFileStore({ root })),
    log: moduleLogger('mail-import-test'),
  };
}

/** The import status a manifest message must get. */
export function expectedStatus(message: {
  classification: string;
  partner_id: string | null;
  duplicate_of?: string;
}): string {
  if (message.duplicate_of) return 'DUPLICATE';
  if (message.classification === 'bounce') return 'BOUNCE';
  if (message.classification === 'auto_reply') return 'AUTO_REPLY';

  return message.partner_id ? 'IMPORTED' : 'UNMATCHED';
}

/** Collapses whitespace, as the corpus compares body excerpts. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
