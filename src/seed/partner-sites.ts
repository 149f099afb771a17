import type { CountyCode } from '../partners/counties.js';
import type { contacts, siteEmails, sites } from '../partners/tables.js';
import { CONTACT_ROLES, FIRST_NAMES, LAST_NAMES } from './names.js';
import type { DemoPartner } from './partners.js';
import { COUNTY_WEIGHTS, PLACES, STREETS } from './places.js';
import type { SeededRandom } from './random.js';
import { emailLocalPart, phoneNumber } from './text.js';

export interface DemoSites {
  sites: (typeof sites.$inferInsert)[];
  siteEmails: (typeof siteEmails.$inferInsert)[];
  contacts: (typeof contacts.$inferInsert)[];
}

const EXTRA_SITES = [
  { name: 'Punct de lucru', mailbox: 'punct.lucru' },
  { name: 'Depozit', mailbox: 'depozit' },
  { name: 'Showroom', mailbox: 'showroom' },
  { name: 'Atelier service', mailbox: 'service' },
] as const;

/** Every this many partners, one also lists the previous partner's office address. */
const SHARED_ADDRESS_EVERY = 40;

/**
 * Builds 1 to 3 sites per partner, each with normalized (lower-case) email addresses, and the
 * partner's contact persons. Some partners share an address, as group companies and clients of
 * the same accountant do, so incoming mail can match more than one partner.
 */
export function buildSites(random: SeededRandom, partners: readonly DemoPartner[]): DemoSites {
  const result: DemoSites = { sites: [], siteEmails: [], contacts: [] };

  partners.forEach((partner, index) => {
    const siteCount = Number(random.weighted({ 1: 0.55, 2: 0.3, 3: 0.15 }));
    for (let position = 0; position < siteCount; position += 1) {
      const siteId = random.uuid();
      const { site, mailboxes } = buildSite(random, partner, position);
      result.sites.push({ id: siteId, partnerId: partner.row.id, position, ...site });

      const addresses = mailboxes.map((mailbox) => `${mailbox}@${partner.domain}`);
      const previous = partners[index - 1];
      if (position === 0 && previous && index % SHARED_ADDRESS_EVERY === 1) {
        addresses.push(`office@${previous.domain}`);
      }
      addresses.forEach((email, order) => {
        result.siteEmails.push({ siteId, partnerId: partner.row.id, email, position: order });
      });
    }
    result.contacts.push(...buildContacts(random, partner));
  });

  return result;
}

function buildSite(random: SeededRandom, partner: DemoPartner, position: number) {
  const county = partner.row.county as CountyCode;
  if (position === 0) {
    const mailboxes = random.chance(0.4) ? ['office', 'contabilitate'] : ['office'];

    return {
      site: {
        name: 'Sediu social',
        address: streetAddress(random, county),
        locality: partner.row.locality,
        county,
      },
      mailboxes,
    };
  }

  const kind = EXTRA_SITES[(position - 1 + random.int(0, 3)) % EXTRA_SITES.length]!;
  const siteCounty: CountyCode = random.chance(0.5) ? county : random.weighted(COUNTY_WEIGHTS);
  const locality = random.pick(PLACES[siteCounty].localities);

  return {
    site: {
      name: `${kind.name} ${locality}`,
      address: streetAddress(random, siteCounty),
      locality,
      county: siteCounty,
    },
    mailboxes: [`${kind.mailbox}${position}`],
  };
}

function streetAddress(random: SeededRandom, county: CountyCode): string {
  const parts = [`${random.pick(STREETS)} nr. ${random.int(1, 180)}`];
  if (random.chance(0.3)) {
    parts.push(`bl. ${random.pick(['A', 'B', 'C', 'M'])}${random.int(1, 20)}`);
    parts.push(`ap. ${random.int(1, 60)}`);
  }
  if (county === 'B') parts.push(`sector ${random.int(1, 6)}`);

  return parts.join(', ');
}

function buildContacts(random: SeededRandom, partner: DemoPartner) {
  const count = partner.legalForm === 'PFA' ? 1 : random.int(1, 3);

  return Array.from({ length: count }, (_, position) => {
    const name =
      partner.legalForm === 'PFA'
        ? soleTraderName(partner.row.name)
        : `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;

    return {
      id: random.uuid(),
      partnerId: partner.row.id,
      position,
      name,
      role: partner.legalForm === 'PFA' ? 'Titular' : random.pick(CONTACT_ROLES),
      email: random.chance(0.8) ? `${emailLocalPart(name)}@${partner.domain}` : null,
      phone: random.chance(0.9) ? phoneNumber(random) : null,
    };
  });
}

/** Returns the person behind a sole trader: "Popescu Maria PFA" gives "Maria Popescu". */
function soleTraderName(partnerName: string): string {
  const [lastName, ...firstNames] = partnerName.replace(/ PFA$/, '').split(' ');

  return [...firstNames, lastName].join(' ');
}
