import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/auth/passwords.js';
import { createDatabase } from '../src/db/client.js';
import { findCrmError } from '../src/errors.js';
import { DEMO_LOGINS } from '../src/seed/people.js';
import { type SeedReport, seedDemo, seedDemoIfEmpty } from '../src/seed/seed-demo.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/** 29 March 2026 is the day Romania moves its clocks forward. */
const NOW = new Date('2026-03-29T10:00:00Z');

const COUNTY_CODES = [
  'AB',
  'AR',
  'AG',
  'BC',
  'BH',
  'BN',
  'BT',
  'BV',
  'BR',
  'B',
  'BZ',
  'CS',
  'CL',
  'CJ',
  'CT',
  'CV',
  'DB',
  'DJ',
  'GL',
  'GR',
  'GJ',
  'HR',
  'HD',
  'IL',
  'IS',
  'IF',
  'MM',
  'MH',
  'MS',
  'NT',
  'OT',
  'PH',
  'SM',
  'SJ',
  'SB',
  'SV',
  'TR',
  'TM',
  'TL',
  'VS',
  'VL',
  'VN',
];

/** Checks a CUI's last digit: weights 7,5,3,2,1,7,5,3,2 end at the digit before it. */
function hasValidCheckDigit(cui: string): boolean {
  const weights = [2, 3, 5, 7, 1, 2, 3, 5, 7];
  const body = cui.slice(0, -1).split('').reverse();
  const sum = body.reduce((total, digit, index) => total + Number(digit) * weights[index]!, 0);
  const check = ((sum * 10) % 11) % 10;

  return body.length <= 9 && Number(cui.at(-1)) === check;
}

interface Seeded {
  database: TestDatabase;
  handle: ReturnType<typeof createDatabase>;
  report: SeedReport;
}

async function seededDatabase(scale: number, now: Date): Promise<Seeded> {
  const database = await createTestDatabase();
  const handle = createDatabase(database.url, { max: 2 });
  const report = await seedDemo(handle.db, { scale, now });

  return { database, handle, report };
}

async function dispose(seeded: Seeded | undefined) {
  await seeded?.handle.close();
  await seeded?.database.drop();
}

describe('seedDemo', () => {
  let seeded: Seeded;
  const query = (text: string) => seeded.handle.sql.unsafe(text);
  const countOf = async (table: string) =>
    Number((await query(`select count(*) as n from ${table}`))[0]!.n);

  beforeAll(async () => {
    seeded = await seededDatabase(0.05, NOW);
  });
  afterAll(async () => {
    await dispose(seeded);
  });

  it('CUI check accepts a real CUI', () => {
    expect(hasValidCheckDigit('14399840')).toBe(true);
    expect(hasValidCheckDigit('14399841')).toBe(false);
  });

  it('loads the scaled counts', async () => {
    expect(await countOf('users')).toBe(4);
    expect(await countOf('employees')).toBe(40);
    expect(await countOf('partners')).toBe(100);
    expect(await countOf('campaigns')).toBe(8);
    expect(await countOf('loss_reasons')).toBe(4);
    expect(await countOf('opportunities')).toBe(30);
    // 30 opportunities: 6 NEW, 6 PRESENTATION, 5 OFFER, 5 NEGOTIATION, 4 SALE, 4 LOST
    // (lost after 1 to 4 open stages) give 79 open stage rows and 8 closing ones.
    expect(await countOf('opportunity_stages')).toBe(87);
    // One follow-up task per open stage row and 50 tasks created by users.
    expect(await countOf('tasks')).toBe(129);
  });

  it('reports the row counts it inserted', async () => {
    const tables = {
      sites: 'partner_sites',
      siteEmails: 'site_emails',
      contacts: 'contacts',
      campaignTargets: 'campaign_targets',
      taskResponses: 'task_responses',
    } as const;
    for (const [key, table] of Object.entries(tables)) {
      expect(await countOf(table), table).toBe(seeded.report.counts[key as keyof typeof tables]);
    }
  });

  it('gives every partner a valid unique CUI', async () => {
    const rows = await query('select tax_id from partners');
    const invalid = rows.filter((row) => !hasValidCheckDigit(String(row.tax_id)));

    expect(invalid).toEqual([]);
    expect(new Set(rows.map((row) => row.tax_id)).size).toBe(rows.length);
  });

  it('marks about half of the partners as VAT payers', async () => {
    const [row] = await query('select avg(vat_payer::int)::float8 as share from partners');

    expect(row!.share).toBeGreaterThan(0.3);
    expect(row!.share).toBeLessThan(0.7);
  });

  it('uses only real county codes', async () => {
    const rows = await query(`select county from partners union select county from partner_sites`);
    const unknown = rows.map((row) => row.county).filter((code) => !COUNTY_CODES.includes(code));

    expect(unknown).toEqual([]);
  });

  it('writes trade register numbers like J40/1234/2015', async () => {
    const rows = await query(
      `select trade_register_number from partners
        where trade_register_number !~ '^[JF]\\d{2}/\\d+/\\d{4}$'`,
    );

    expect(rows).toEqual([]);
  });

  it('stores names in both diacritic forms', async () => {
    const [row] = await query(`select
      bool_or(name like '%Ştefăneşti%') as cedilla_town,
      bool_or(name like '%Ștefănești%') as comma_town,
      count(*) filter (where name ~ '[şţŞŢ]') as cedilla,
      count(*) filter (where name ~ '[șțȘȚ]') as comma_below
      from partners`);

    expect(row!.cedilla_town).toBe(true);
    expect(row!.comma_town).toBe(true);
    expect(Number(row!.cedilla)).toBeGreaterThan(1);
    expect(Number(row!.comma_below)).toBeGreaterThan(1);
  });

  it('folds search names to lower-case ASCII', async () => {
    const rows = await query(`select name, search_name from partners
      where search_name <> lower(translate(name, 'ĂÂÎȘŞȚŢăâîșşțţ', 'AAISSTTaaisstt'))`);

    expect(rows).toEqual([]);
  });

  it('normalizes site emails, shares some', async () => {
    const [row] = await query(`select
      count(*) filter (where email <> lower(trim(email))) as not_normalized,
      (select count(*) from (select email from site_emails group by email
        having count(distinct partner_id) > 1) shared) as shared
      from site_emails`);

    expect(Number(row!.not_normalized)).toBe(0);
    expect(Number(row!.shared)).toBeGreaterThan(0);
  });

  it('gives partners sites and contacts', async () => {
    const [row] = await query(`select
      min(sites) as fewest, max(sites) as most, min(contacts) as fewest_contacts from (
        select p.id,
          (select count(*) from partner_sites s where s.partner_id = p.id) as sites,
          (select count(*) from contacts c where c.partner_id = p.id) as contacts
        from partners p) counted`);

    expect(Number(row!.fewest)).toBe(1);
    expect(Number(row!.most)).toBeLessThanOrEqual(3);
    expect(Number(row!.fewest_contacts)).toBeGreaterThanOrEqual(1);
  });

  it('has both leads and customers', async () => {
    const rows = await query(
      `select is_lead, count(*) as n, count(customer_since) as since
        from partners group by is_lead order by is_lead`,
    );

    expect(rows.map((row) => row.is_lead)).toEqual([false, true]);
    expect(Number(rows[0]!.since)).toBe(Number(rows[0]!.n));
    expect(Number(rows[1]!.since)).toBe(0);
  });

  it('puts opportunities in every stage', async () => {
    const rows = await query('select distinct stage::text from opportunities order by 1');

    expect(rows.map((row) => row.stage)).toEqual([
      'LOST',
      'NEGOTIATION',
      'NEW',
      'OFFER',
      'PRESENTATION',
      'SALE',
    ]);
  });

  it('ends each history at the opportunity stage', async () => {
    const rows = await query(`select o.id from opportunities o
      where o.stage <> (select s.stage from opportunity_stages s where s.opportunity_id = o.id
        order by s.entered_at desc limit 1)`);

    expect(rows).toEqual([]);
  });

  it('records why lost opportunities were lost', async () => {
    const rows = await query(`select distinct r.name from opportunities o
      join loss_reasons r on r.id = o.loss_reason_id where o.stage = 'LOST'`);

    expect(rows.length).toBeGreaterThan(0);
  });

  it('open stages have follow-up tasks', async () => {
    const [row] = await query(`select
      count(*) filter (where delegate_id is null or notes is null) as incomplete,
      count(*) filter (where follow_up_at is not null and not exists (
        select 1 from tasks t where t.source_stage_id = s.id)) as without_task
      from opportunity_stages s`);

    expect(Number(row!.incomplete)).toBe(0);
    expect(Number(row!.without_task)).toBe(0);
  });

  it('tasks cover statuses and billing', async () => {
    const rows =
      await query(`select t.status::text, t.billable, count(distinct r.task_id) as answered
      from tasks t left join task_responses r on r.task_id = t.id
      group by t.status, t.billable order by 1, 2`);

    expect(rows.map((row) => `${row.status}:${row.billable}`)).toEqual([
      'IN_PROGRESS:false',
      'IN_PROGRESS:true',
      'OPEN:false',
      'OPEN:true',
      'RESOLVED:false',
      'RESOLVED:true',
    ]);
    expect(rows.filter((row) => Number(row.answered) === 0)).toEqual([]);
  });

  it('invoices only resolved billable tasks', async () => {
    const [row] = await query(`select
      count(*) filter (where invoiced and not (billable and status = 'RESOLVED')) as wrong,
      count(*) filter (where invoiced) as invoiced from tasks`);

    expect(Number(row!.wrong)).toBe(0);
    expect(Number(row!.invoiced)).toBeGreaterThan(0);
  });

  it('keeps recorded events in the past', async () => {
    const [row] = await query(`select
      (select count(*) from tasks where registered_at > '${NOW.toISOString()}'
        or resolved_at > '${NOW.toISOString()}' or resolved_at < registered_at) as tasks,
      (select count(*) from opportunity_stages where entered_at > '${NOW.toISOString()}') as stages,
      (select count(*) from task_responses r join tasks t on t.id = r.task_id
        where r.created_at > coalesce(t.resolved_at, '${NOW.toISOString()}')
        or r.created_at < t.registered_at) as responses`);

    expect(Number(row!.tasks)).toBe(0);
    expect(Number(row!.stages)).toBe(0);
    expect(Number(row!.responses)).toBe(0);
  });

  it('creates the demo logins linked to employees', async () => {
    for (const login of DEMO_LOGINS) {
      const [user] = await query(`select u.role::text, u.password_hash, e.department
        from users u join employees e on e.user_id = u.id where u.email = '${login.email}'`);

      expect(user?.role, login.email).toBe(login.role);
      expect(user?.department, login.email).toBe(login.department);
      expect(await verifyPassword(String(user?.password_hash), login.password)).toBe(true);
    }
  });

  it('staffs all four departments', async () => {
    const rows = await query(`select department, count(*) as n, min(hours_per_day) as fewest
      from employees group by department order by department`);

    expect(rows.map((row) => row.department)).toEqual([
      'Management',
      'Marketing',
      'Service',
      'Vânzări',
    ]);
    expect(rows.filter((row) => Number(row.fewest) <= 0)).toEqual([]);
  });

  it('rejects scale out of range', async () => {
    const error = await seedDemo(seeded.handle.db, { scale: 0 }).catch((caught) => caught);

    expect(findCrmError(error)?.code).toBe('VALIDATION');
    expect(String(error)).toContain('scale');
  });

  it('replace reloads existing data', async () => {
    await seedDemo(seeded.handle.db, { scale: 0.05, now: NOW, replace: true });

    expect(await countOf('users')).toBe(4);
    expect(await countOf('partners')).toBe(100);
  });
});

describe('seedDemo determinism', () => {
  let first: Seeded | undefined;
  let second: Seeded | undefined;

  afterAll(async () => {
    await dispose(first);
    await dispose(second);
  });

  it('repeats names and tax ids', async () => {
    first = await seededDatabase(0.02, NOW);
    second = await seededDatabase(0.02, new Date('2026-11-02T08:00:00Z'));
    const partnersOf = (seeded: Seeded) =>
      seeded.handle.sql`select name, tax_id from partners order by tax_id`;
    const [a, b] = [await partnersOf(first), await partnersOf(second)];

    expect(a.length).toBe(40);
    expect(b).toEqual(a);
  });
});

describe('seedDemoIfEmpty', () => {
  let database: TestDatabase;
  let handle: ReturnType<typeof createDatabase>;

  beforeAll(async () => {
    database = await createTestDatabase();
    handle = createDatabase(database.url, { max: 4 });
  });
  afterAll(async () => {
    await handle.close();
    await database.drop();
  });

  it('concurrent starts seed once', async () => {
    const reports = await Promise.all([
      seedDemoIfEmpty(handle.db, { scale: 0.01 }),
      seedDemoIfEmpty(handle.db, { scale: 0.01 }),
    ]);
    const [row] = await handle.sql`select count(*)::int as n from partners`;

    expect(reports.filter((report) => report !== null)).toHaveLength(1);
    expect(row!.n).toBe(20);
  });

  it('skips a database with users', async () => {
    const report = await seedDemoIfEmpty(handle.db, { scale: 0.01 });

    expect(report).toBeNull();
  });
});
