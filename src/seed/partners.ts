import type { CountyCode } from '../partners/counties.js';
import { cuiCheckDigit } from '../partners/cui.js';
import { foldSearchText } from '../partners/search-text.js';
import type { partners } from '../partners/tables.js';
import type { SeedClock } from './clock.js';
import {
  ACTIVITIES_OF_INTEREST,
  ACTIVITY_DOMAINS,
  type ActivityDomain,
  COMPETITORS,
  DOMAIN_WORDS,
  FIRST_NAMES,
  LAST_NAMES,
  NAME_EXTRAS,
  NAME_ROOTS,
  PARTNER_NOTES,
} from './names.js';
import type { DemoPeople } from './people.js';
import { COUNTY_WEIGHTS, PLACES } from './places.js';
import type { SeededRandom } from './random.js';
import { slugOf, toCedillaForm } from './text.js';

export type PartnerSeedRow = typeof partners.$inferInsert & { id: string; name: string };

type LegalForm = 'SRL' | 'SA' | 'PFA';

export interface DemoPartner {
  row: PartnerSeedRow;
  legalForm: LegalForm;
  /** Mail domain of the partner, under the reserved `.test` top-level domain. */
  domain: string;
}

/**
 * Names of the first two partners, so every data set has the same company name in both
 * diacritic forms: cedilla (as older software stored it) and comma below.
 */
const SHOWCASE = [
  { name: toCedillaForm('Agro Ștefănești SRL'), domain: 'Agricultură' },
  { name: 'Construcții Ștefănești SRL', domain: 'Construcții' },
] as const;

/** Share of company names stored in the legacy cedilla form. */
const CEDILLA_SHARE = 0.25;

/** Builds `count` partners: companies and sole traders, customers and leads, in every county. */
export function buildPartners(
  random: SeededRandom,
  clock: SeedClock,
  people: DemoPeople,
  count: number,
): DemoPartner[] {
  const usedNames = new Set<string>();
  const usedTaxIds = new Set<string>();
  const usedDomains = new Set<string>();
  const result: DemoPartner[] = [];

  for (let index = 0; index < count; index += 1) {
    const showcase = SHOWCASE[index];
    const legalForm: LegalForm = showcase
      ? 'SRL'
      : random.weighted({ SRL: 0.78, SA: 0.08, PFA: 0.14 });
    const domain: ActivityDomain = showcase?.domain ?? random.pick(ACTIVITY_DOMAINS);
    const name = showcase?.name ?? uniqueName(random, usedNames, domain, legalForm, index);
    usedNames.add(foldSearchText(name));

    const county: CountyCode = showcase ? 'AG' : random.weighted(COUNTY_WEIGHTS);
    const locality = showcase ? 'Ștefănești' : random.pick(PLACES[county].localities);
    const row: PartnerSeedRow = {
      id: random.uuid(),
      name,
      searchName: foldSearchText(name),
      ...taxIdentity(random, usedTaxIds, legalForm, county),
      locality,
      searchLocality: foldSearchText(locality),
      county,
      activityDomain: domain,
      ...size(random, legalForm),
      ...relationship(random, clock, people),
      activitiesOfInterest: random.sample(ACTIVITIES_OF_INTEREST, random.int(0, 3)),
      notes: random.chance(0.2) ? random.pick(PARTNER_NOTES) : null,
    };
    result.push({ row, legalForm, domain: mailDomain(usedDomains, name, legalForm) });
  }

  return result;
}

function uniqueName(
  random: SeededRandom,
  usedNames: Set<string>,
  domain: ActivityDomain,
  legalForm: LegalForm,
  index: number,
): string {
  for (let attempt = 0; attempt < 12; attempt += 1) {
    const name = companyName(random, domain, legalForm, attempt > 3);
    if (!usedNames.has(foldSearchText(name))) return name;
  }

  return companyName(random, domain, legalForm, true).replace(/ (\S+)$/, ` ${index} $1`);
}

function companyName(
  random: SeededRandom,
  domain: ActivityDomain,
  legalForm: LegalForm,
  withExtra: boolean,
): string {
  if (legalForm === 'PFA') return `${random.pick(LAST_NAMES)} ${random.pick(FIRST_NAMES)} PFA`;

  const word = random.pick(DOMAIN_WORDS[domain]);
  const root = random.pick(NAME_ROOTS);
  const base = random.chance(0.5) ? `${word} ${root}` : `${root} ${word}`;
  const extra = withExtra ? ` ${random.pick(NAME_EXTRAS)}` : '';
  const name = `${base}${extra} ${legalForm}`;

  return random.chance(CEDILLA_SHARE) ? toCedillaForm(name) : name;
}

/** Draws a unique CUI with its check digit, the VAT flag and a trade register number. */
function taxIdentity(
  random: SeededRandom,
  usedTaxIds: Set<string>,
  legalForm: LegalForm,
  county: CountyCode,
) {
  let taxId = '';
  while (taxId === '' || usedTaxIds.has(taxId)) {
    const body = String(random.int(100_000, 49_999_999));
    taxId = `${body}${cuiCheckDigit(body)}`;
  }
  usedTaxIds.add(taxId);

  const vatShare = { SRL: 0.5, SA: 0.9, PFA: 0.1 }[legalForm];
  const register = legalForm === 'PFA' ? 'F' : 'J';
  const serial = random.int(1, county === 'B' ? 30_000 : 6_000);
  const registerNumber = String(PLACES[county].registerNumber).padStart(2, '0');

  return {
    taxId,
    vatPayer: random.chance(vatShare),
    tradeRegisterNumber: `${register}${registerNumber}/${serial}/${random.int(1991, 2024)}`,
  };
}

/** Draws the employee count and yearly turnover in RON, built from integers, never floats. */
function size(random: SeededRandom, legalForm: LegalForm) {
  const employeeCount =
    legalForm === 'PFA'
      ? random.int(0, 2)
      : legalForm === 'SA'
        ? random.int(50, 1500)
        : Math.min(249, Math.floor(Math.exp(random.next() * 5.5)));
  const perEmployee = legalForm === 'SA' ? random.int(150, 600) : random.int(60, 350);
  const turnover = Math.max(1, employeeCount) * perEmployee * 1000 + random.int(0, 999) * 100;
  const unknown = random.chance(0.08);

  return {
    employeeCount: unknown ? null : employeeCount,
    turnover: unknown ? null : `${turnover}.00`,
  };
}

/** Draws lead or customer, with the representatives, competitors and dates that go with it. */
function relationship(random: SeededRandom, clock: SeedClock, people: DemoPeople) {
  const isLead = random.chance(0.35);
  const sales = people.departments['Vânzări'];
  const service = people.departments.Service;
  const customerSince = isLead ? null : clock.past(random.int(30, 3650));
  const createdAt = customerSince
    ? new Date(customerSince.getTime() - random.int(0, 60) * 86_400_000)
    : clock.past(random.int(1, 400));

  return {
    isLead,
    customerSince,
    salesRepId: random.pick(sales),
    serviceRepId: isLead && random.chance(0.7) ? null : random.pick(service),
    competitors: random.sample(COMPETITORS, isLead ? random.int(0, 2) : random.int(0, 1)),
    createdAt,
    updatedAt: createdAt,
  };
}

function mailDomain(usedDomains: Set<string>, name: string, legalForm: LegalForm): string {
  const base = slugOf(legalForm === 'PFA' ? name : name.replace(/ (SRL|SA)$/, ''));
  let domain = `${base}.test`;
  for (let suffix = 2; usedDomains.has(domain); suffix += 1) domain = `${base}-${suffix}.test`;
  usedDomains.add(domain);

  return domain;
}
