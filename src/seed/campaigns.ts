import type { campaignTargets, campaigns } from '../campaigns/tables.js';
import type { SeedClock } from './clock.js';
import type { DemoPartner } from './partners.js';
import type { SeededRandom } from './random.js';

export interface DemoCampaigns {
  campaigns: (typeof campaigns.$inferInsert & { id: string })[];
  targets: (typeof campaignTargets.$inferInsert)[];
}

/** Campaigns placed by days before today: past, running and one planned. */
const CAMPAIGNS = [
  {
    name: 'Lansare ERP pentru IMM-uri',
    objective: 'Clienți noi pentru modulul ERP',
    segment: 'IMM-uri cu 10-250 de angajați',
    estimatedCost: '18000.00',
    estimatedRevenue: '120000.00',
    startsDaysAgo: 300,
    days: 90,
  },
  {
    name: 'Webinar e-Factura',
    objective: 'Lead-uri interesate de facturarea electronică',
    segment: 'Firme plătitoare de TVA',
    estimatedCost: '4500.00',
    estimatedRevenue: '35000.00',
    startsDaysAgo: 210,
    days: 30,
  },
  {
    name: 'Reactivare clienți inactivi',
    objective: 'Reînnoirea abonamentelor expirate',
    segment: 'Clienți fără comenzi în ultimul an',
    estimatedCost: '3000.00',
    estimatedRevenue: '42000.00',
    startsDaysAgo: 150,
    days: 60,
  },
  {
    name: 'Târg Indagra - contacte noi',
    objective: 'Contacte noi din agricultură',
    segment: 'Agricultură și industria alimentară',
    estimatedCost: '25000.00',
    estimatedRevenue: '90000.00',
    startsDaysAgo: 120,
    days: 5,
  },
  {
    name: 'Abonamente service 2+1',
    objective: 'Vânzare de abonamente de mentenanță',
    segment: 'Clienți cu echipamente în garanție',
    estimatedCost: '6000.00',
    estimatedRevenue: '75000.00',
    startsDaysAgo: 75,
    days: 120,
  },
  {
    name: 'Telemarketing HoReCa',
    objective: 'Întâlniri cu hoteluri și restaurante',
    segment: 'Turism și HoReCa',
    estimatedCost: '8000.00',
    estimatedRevenue: '40000.00',
    startsDaysAgo: 40,
    days: 60,
  },
  {
    name: 'Parteneriat distribuitori Moldova',
    objective: 'Rețea de distribuitori în Moldova',
    segment: 'Comerț cu ridicata, județele IS, BC, SV, NT, VS, BT',
    estimatedCost: '12000.00',
    estimatedRevenue: '65000.00',
    startsDaysAgo: 20,
    days: 150,
  },
  {
    name: 'Campanie e-mail construcții',
    objective: 'Oferte pentru firmele de construcții',
    segment: 'Construcții',
    estimatedCost: '2000.00',
    estimatedRevenue: '30000.00',
    startsDaysAgo: -14,
    days: 45,
  },
] as const;

/** Share of partners targeted by each campaign. */
const TARGET_SHARE = 0.04;

/**
 * Builds the campaigns and their targets. Most leads came from a campaign: they get it as
 * `leadCampaignId` and are among its targets.
 */
export function buildCampaigns(
  random: SeededRandom,
  clock: SeedClock,
  partners: readonly DemoPartner[],
): DemoCampaigns {
  const rows = CAMPAIGNS.map(({ startsDaysAgo, days, ...campaign }) => ({
    id: random.uuid(),
    ...campaign,
    startsOn: clock.date(-startsDaysAgo),
    endsOn: clock.date(days - startsDaysAgo),
    createdAt: clock.past(startsDaysAgo + 14),
  }));
  const started = rows.flatMap((row, index) => {
    const startsDaysAgo = CAMPAIGNS[index]!.startsDaysAgo;

    return startsDaysAgo > 0 ? [{ id: row.id, startsDaysAgo }] : [];
  });
  const targets = new Map<string, typeof campaignTargets.$inferInsert>();
  const addTarget = (campaign: (typeof started)[number], partnerId: string) => {
    const daysAgo = Math.max(1, campaign.startsDaysAgo - random.int(0, 10));
    targets.set(`${campaign.id}:${partnerId}`, {
      campaignId: campaign.id,
      partnerId,
      addedAt: clock.past(daysAgo),
    });
  };

  for (const partner of partners) {
    if (!partner.row.isLead || !random.chance(0.6)) continue;
    const campaign = random.pick(started);
    partner.row.leadCampaignId = campaign.id;
    addTarget(campaign, partner.row.id);
  }
  for (const campaign of started) {
    const count = Math.max(3, Math.round(partners.length * TARGET_SHARE));
    for (const partner of random.sample(partners, count)) addTarget(campaign, partner.row.id);
  }

  return { campaigns: rows, targets: [...targets.values()] };
}
