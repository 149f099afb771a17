import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns } from '../src/campaigns/tables.js';
import { ValidationError } from '../src/errors.js';
import { COUNTIES, parseCounty } from '../src/partners/counties.js';
import { checkCui, cuiCheckDigit, parseCui } from '../src/partners/cui.js';
import { foldSearchText } from '../src/partners/search-text.js';
import { createPartner, markPartnerCustomer } from '../src/partners/service.js';
import { contacts, partners, siteEmails, sites } from '../src/partners/tables.js';
import {
  ConvertLeadToCustomerDocument,
  CountiesDocument,
  type CrmClient,
  createCrmClient,
  CreateEmployeeDocument,
  CreatePartnerDocument,
  type CreatePartnerMutation,
  LoginDocument,
  type PartnerFieldsFragment,
  type PartnerFilter,
  type PartnerInput,
  PartnerDocument,
  type PartnerOrderBy,
  PartnersDocument,
  type PartnersQuery,
  UpdatePartnerDocument,
  UpsertPartnerByExternalIdDocument,
} from '../sdk/index.js';
import { createTestUser, startTestApi, type TestApi } from './support/api.js';
import { postGraphQL } from './support/graphql.js';

type Role = 'ADMIN' | 'MANAGER' | 'AGENT';
type MutationResult = CreatePartnerMutation['createPartner'];
type ErrorResult = Exclude<MutationResult, { __typename: 'MutationCreatePartnerSuccess' }>;

async function loggedInClient(api: TestApi, role: Role, name: string): Promise<CrmClient> {
  const user = await createTestUser(api, role, name);
  const client = createCrmClient({ url: api.graphqlUrl });
  const login = await client.request(LoginDocument, { email: user.email, password: user.password });
  if (login.login.__typename !== 'MutationLoginSuccess') throw new Error(login.login.__typename);
  client.setToken(login.login.data.token);

  return client;
}

/** Returns the error a mutation returned as data, failing the test on success. */
function errorOf(result: { __typename: string }): ErrorResult {
  if (result.__typename.endsWith('Success')) throw new Error(`expected an error, got a success`);

  return result as ErrorResult;
}

/** Appends the check digit to 1 to 9 digits, making a valid CUI. */
function validCui(body: string): string {
  return `${body}${cuiCheckDigit(body)}`;
}

const NESTED_LIST = /* GraphQL */ `
  query NestedPartners($first: Int) {
    partners(first: $first, filter: { text: "Lot" }) {
      edges {
        node {
          name
          salesRep {
            name
          }
          serviceRep {
            name
          }
          sites {
            name
            emails
          }
          contacts {
            name
          }
        }
      }
    }
  }
`;

function issuesOf(result: { __typename: string }) {
  const error = errorOf(result);

  return error.__typename === 'ValidationError' ? error.issues : [];
}

describe('parseCui', () => {
  it.each([
    ['18547290', '18547290', false],
    ['RO 14399840', '14399840', true],
    ['ro14399840', '14399840', true],
    ['1590082', '1590082', false],
    [' RO 159 0082 ', '1590082', true],
  ])('accepts %j', (input, digits, vatPayer) => {
    expect(parseCui(input)).toEqual({ digits, vatPayer });
  });

  it('computes the check digit with key 753217532', () => {
    expect(cuiCheckDigit('1854729')).toBe(0);
    expect(cuiCheckDigit('159008')).toBe(2);
  });

  it.each([
    ['18547291', 'the check digit is 1 but should be 0'],
    ['RO14399841', 'the check digit is 1 but should be 0'],
    ['1590083', 'the check digit is 3 but should be 2'],
    ['7', 'it has 1 digits'],
    ['12345678901', 'it has 11 digits'],
    ['018547290', 'must not start with 0'],
    ['RO-14399840', 'only digits may follow the optional RO prefix'],
    ['DE14399840', 'only digits may follow the optional RO prefix'],
    ['', 'only digits may follow the optional RO prefix'],
  ])('rejects %j', (input, problem) => {
    expect(checkCui(input).problem).toContain(problem);
  });

  it('throws a ValidationError naming the field and value', () => {
    const error = (() => {
      try {
        parseCui('18547291', 'input.taxId');
      } catch (caught) {
        return caught;
      }
    })();

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.field).toBe('input.taxId');
    expect((error as ValidationError).issues[0]?.value).toBe('18547291');
    expect((error as ValidationError).issues[0]?.message).toContain('such as RO14399840');
  });
});

describe('parseCounty', () => {
  it('lists the 41 counties and Bucharest', () => {
    expect(Object.keys(COUNTIES)).toHaveLength(42);
  });

  it.each([
    ['CJ', 'CJ'],
    ['cj', 'CJ'],
    ['B', 'B'],
    ['București', 'B'],
    ['Bucuresti', 'B'],
    ['Bucharest', 'B'],
    ['Timiș', 'TM'],
    ['Timiş', 'TM'],
    ['TIMIS', 'TM'],
    ['Bistrița-Năsăud', 'BN'],
    ['bistrita nasaud', 'BN'],
    ['Caraş-Severin', 'CS'],
    ['Satu Mare', 'SM'],
    ['  vâlcea ', 'VL'],
    ['Vrancea', 'VN'],
  ])('reads %j as %s', (input, code) => {
    expect(parseCounty(input)).toBe(code);
  });

  it('rejects an unknown county saying where valid ones are', () => {
    expect(() => parseCounty('Atlantis', 'input.county')).toThrow(/counties query lists all 42/);
  });
});

describe('foldSearchText', () => {
  it('folds comma-below, cedilla and plain spellings alike', () => {
    expect(foldSearchText('Ștefănești')).toBe('stefanesti');
    expect(foldSearchText('Ştefăneşti')).toBe('stefanesti');
    expect(foldSearchText('ȚARA Îngâmfată')).toBe('tara ingamfata');
    expect(foldSearchText('Ţara')).toBe('tara');
  });
});

describe('partners API', () => {
  let api: TestApi;
  let manager: CrmClient;
  let agent: CrmClient;
  let salesRepId: string;
  let serviceRepId: string;

  async function create(input: PartnerInput): Promise<PartnerFieldsFragment> {
    const result = await manager.request(CreatePartnerDocument, { input });
    if (result.createPartner.__typename !== 'MutationCreatePartnerSuccess') {
      throw new Error(result.createPartner.message);
    }

    return result.createPartner.data;
  }

  async function listAll(filter: PartnerFilter, orderBy?: PartnerOrderBy, pageSize = 2) {
    const names: string[] = [];
    let after: string | null | undefined = null;
    do {
      const page: PartnersQuery = await manager.request(PartnersDocument, {
        first: pageSize,
        after,
        filter,
        orderBy,
      });
      names.push(...page.partners.edges.map((edge) => edge.node.name));
      after = page.partners.pageInfo.hasNextPage ? page.partners.pageInfo.endCursor : null;
    } while (after);

    return names;
  }

  async function sessionToken(): Promise<string> {
    const user = await createTestUser(api, 'MANAGER', 'Stela Statements');
    const login = await postGraphQL<{ login: { data: { token: string } } }>(
      api.graphqlUrl,
      `mutation ($email: String!, $password: String!) {
        login(email: $email, password: $password) {
          ... on MutationLoginSuccess { data { token } }
        }
      }`,
      { email: user.email, password: user.password },
    );

    return login.data!.login.data.token;
  }

  /** Counts the rows stored for the partners with this name and for their sites. */
  async function countRows(name: string) {
    const db = api.services.db;
    const ofPartner = eq(partners.name, name);
    const [partnerCount] = await db.select({ value: count() }).from(partners).where(ofPartner);
    const [siteCount] = await db
      .select({ value: count() })
      .from(sites)
      .innerJoin(partners, eq(partners.id, sites.partnerId))
      .where(ofPartner);
    const [emailCount] = await db
      .select({ value: count() })
      .from(siteEmails)
      .innerJoin(partners, eq(partners.id, siteEmails.partnerId))
      .where(ofPartner);
    const [contactCount] = await db
      .select({ value: count() })
      .from(contacts)
      .innerJoin(partners, eq(partners.id, contacts.partnerId))
      .where(ofPartner);

    return {
      partners: partnerCount!.value,
      sites: siteCount!.value,
      emails: emailCount!.value,
      contacts: contactCount!.value,
    };
  }

  beforeAll(async () => {
    api = await startTestApi();
    manager = await loggedInClient(api, 'MANAGER', 'Mara Manager');
    agent = await loggedInClient(api, 'AGENT', 'Andrei Agent');
    for (const [name, assign] of [
      ['Sorin Vânzări', (id: string) => (salesRepId = id)],
      ['Sanda Service', (id: string) => (serviceRepId = id)],
    ] as const) {
      const result = await manager.request(CreateEmployeeDocument, { input: { name } });
      if (result.createEmployee.__typename !== 'MutationCreateEmployeeSuccess') {
        throw new Error(result.createEmployee.message);
      }
      assign(result.createEmployee.data.id);
    }
  });
  afterAll(async () => {
    await api.close();
  });

  describe('search', () => {
    const taxId = validCui('2468135');

    beforeAll(async () => {
      await create({ name: 'Ștefănești Agro SRL' });
      await create({ name: 'Ştefăneşti Trans SRL' });
      await create({ name: 'Stefanesti Impex SRL', taxId: `RO${taxId}` });
    });

    it.each(['stefanesti', 'Ştefăneşti', 'Ștefănești', 'ȘTEFĂNEȘTI'])(
      'finds every spelling for %j',
      async (text) => {
        expect(await listAll({ text })).toEqual([
          'Stefanesti Impex SRL',
          'Ştefăneşti Trans SRL',
          'Ștefănești Agro SRL',
        ]);
      },
    );

    it('treats LIKE wildcards in the text literally', async () => {
      expect(await listAll({ text: 'Ste%Agro' })).toEqual([]);
    });

    it.each([`RO${taxId}`, taxId, `ro ${taxId}`])('finds a tax id filter %j', async (filter) => {
      expect(await listAll({ taxId: filter })).toEqual(['Stefanesti Impex SRL']);
    });

    it.each([taxId.slice(0, 5), `RO ${taxId}`])('finds a tax id by text %j', async (text) => {
      expect(await listAll({ text })).toEqual(['Stefanesti Impex SRL']);
    });

    it('rejects an invalid tax id filter', async () => {
      const wrongDigit = `${taxId.slice(0, -1)}${(Number(taxId.at(-1)) + 1) % 10}`;
      const request = manager.request(PartnersDocument, { filter: { taxId: wrongDigit } });

      await expect(request).rejects.toMatchObject({ code: 'VALIDATION' });
    });
  });

  describe('filters', () => {
    beforeAll(async () => {
      await create({
        name: 'Filtru Unu',
        locality: 'Ştefăneşti',
        county: 'AG',
        turnover: '100',
        employeeCount: 5,
        activityDomain: 'Construcții',
        isLead: true,
        salesRepId,
      });
      await create({
        name: 'Filtru Doi',
        locality: 'Ștefănești',
        county: 'Argeș',
        turnover: '500',
        employeeCount: 50,
        activityDomain: 'Comerț',
        serviceRepId: salesRepId,
      });
      await create({
        name: 'Filtru Trei',
        locality: 'Pitești',
        county: 'arges',
        activityDomain: 'construcții',
        salesRepId: serviceRepId,
        serviceRepId,
      });
      await create({
        name: 'Filtru Patru',
        locality: 'Cluj-Napoca',
        county: 'CJ',
        turnover: '1000.50',
        employeeCount: 10,
        activityDomain: 'IT',
        isLead: true,
      });
    });

    const cases: [string, () => PartnerFilter, string[]][] = [
      ['locality', () => ({ locality: 'stefanesti' }), ['Filtru Doi', 'Filtru Unu']],
      ['county code', () => ({ county: 'AG' }), ['Filtru Doi', 'Filtru Trei', 'Filtru Unu']],
      ['county name', () => ({ county: 'Cluj' }), ['Filtru Patru']],
      ['turnover min', () => ({ turnoverMin: '500' }), ['Filtru Doi', 'Filtru Patru']],
      ['turnover max', () => ({ turnoverMax: '500' }), ['Filtru Doi', 'Filtru Unu']],
      [
        'turnover range',
        () => ({ turnoverMin: '100.01', turnoverMax: '1000.50' }),
        ['Filtru Doi', 'Filtru Patru'],
      ],
      ['employee count min', () => ({ employeeCountMin: 10 }), ['Filtru Doi', 'Filtru Patru']],
      ['employee count max', () => ({ employeeCountMax: 10 }), ['Filtru Patru', 'Filtru Unu']],
      ['activity domain', () => ({ activityDomain: 'construcții' }), ['Filtru Trei', 'Filtru Unu']],
      ['kind LEAD', () => ({ kind: 'LEAD' }), ['Filtru Patru', 'Filtru Unu']],
      ['kind CUSTOMER', () => ({ kind: 'CUSTOMER' }), ['Filtru Doi', 'Filtru Trei']],
      [
        'either representative',
        () => ({ representative: { employeeId: salesRepId } }),
        ['Filtru Doi', 'Filtru Unu'],
      ],
      [
        'sales representative',
        () => ({ representative: { employeeId: salesRepId, role: 'SALES' } }),
        ['Filtru Unu'],
      ],
      [
        'service representative',
        () => ({ representative: { employeeId: salesRepId, role: 'SERVICE' } }),
        ['Filtru Doi'],
      ],
      [
        'combined criteria',
        () => ({ county: 'AG', kind: 'CUSTOMER', turnoverMin: '1' }),
        ['Filtru Doi'],
      ],
    ];

    it.each(cases)('filters by %s', async (_name, filter, expected) => {
      expect(await listAll({ text: 'Filtru', ...filter() })).toEqual(expected);
    });

    it('rejects a turnover range given backwards', async () => {
      const request = manager.request(PartnersDocument, {
        filter: { turnoverMin: '500', turnoverMax: '100' },
      });

      await expect(request).rejects.toThrow(/filter\.turnoverMax: must not be less than/);
    });

    it('rejects an unknown county', async () => {
      const request = manager.request(PartnersDocument, { filter: { county: 'Narnia' } });

      await expect(request).rejects.toMatchObject({ code: 'VALIDATION' });
    });
  });

  describe('sorting', () => {
    const rows = [
      { name: 'Sortare Alfa', turnover: '300.00', employeeCount: 7 },
      { name: 'Sortare Beta', turnover: null, employeeCount: 70 },
      { name: 'Sortare Gama', turnover: '1000000.00', employeeCount: null },
      { name: 'Sortare Delta', turnover: '50.25', employeeCount: 3 },
      { name: 'Sortare Epsilon', turnover: '300.01', employeeCount: 12 },
    ];
    const ascending: Record<string, string[]> = {
      NAME: ['Alfa', 'Beta', 'Delta', 'Epsilon', 'Gama'],
      TURNOVER: ['Beta', 'Delta', 'Alfa', 'Epsilon', 'Gama'],
      EMPLOYEE_COUNT: ['Gama', 'Delta', 'Alfa', 'Epsilon', 'Beta'],
      CREATED_AT: ['Alfa', 'Beta', 'Gama', 'Delta', 'Epsilon'],
    };
    const orders = Object.entries(ascending).flatMap(([field, names]) => [
      [`${field}_ASC`, names],
      [`${field}_DESC`, [...names].reverse()],
    ]) as [PartnerOrderBy, string[]][];

    beforeAll(async () => {
      for (const row of rows) await create(row);
    });

    it.each(orders)('pages forward through %s', async (orderBy, names) => {
      expect(await listAll({ text: 'Sortare' }, orderBy)).toEqual(
        names.map((name) => `Sortare ${name}`),
      );
    });

    it.each(orders)('pages backward through %s', async (orderBy, names) => {
      const collected: string[] = [];
      let before: string | null | undefined = null;
      do {
        const page: PartnersQuery = await manager.request(PartnersDocument, {
          last: 2,
          before,
          filter: { text: 'Sortare' },
          orderBy,
        });
        collected.unshift(...page.partners.edges.map((edge) => edge.node.name));
        before = page.partners.pageInfo.hasPreviousPage ? page.partners.pageInfo.startCursor : null;
      } while (before);

      expect(collected).toEqual(names.map((name) => `Sortare ${name}`));
    });
  });

  describe('queries', () => {
    it('reads one partner by id', async () => {
      const created = await create({ name: 'Citit SRL', contacts: [{ name: 'Dan' }] });
      const result = await manager.request(PartnerDocument, { id: created.id });

      expect(result.partner).toEqual(created);
    });

    it('returns null for an unknown partner id', async () => {
      const ghost = Buffer.from('Partner:00000000-0000-4000-8000-000000000000').toString('base64');

      expect((await agent.request(PartnerDocument, { id: ghost })).partner).toBeNull();
    });

    it('lets agents list partners', async () => {
      const page = await agent.request(PartnersDocument, { first: 1 });

      expect(page.partners.edges).toHaveLength(1);
    });

    it('lists the counties', async () => {
      const { counties } = await agent.request(CountiesDocument);

      expect(counties).toHaveLength(42);
      expect(counties).toContainEqual({ code: 'B', name: 'București' });
    });

    it('loads nested lists in a fixed number of statements', async () => {
      for (let i = 0; i < 6; i += 1) {
        await create({
          name: `Lot ${i}`,
          salesRepId,
          serviceRepId,
          sites: [
            { name: 'S1', emails: [`a${i}@lot.ro`] },
            { name: 'S2', emails: [`b${i}@lot.ro`] },
          ],
          contacts: [{ name: 'C1' }, { name: 'C2' }],
        });
      }
      const token = await sessionToken();
      const baseline = await postGraphQL(api.graphqlUrl, '{ counties { code } }', {}, token);
      const small = await postGraphQL(api.graphqlUrl, NESTED_LIST, { first: 2 }, token);
      const large = await postGraphQL(api.graphqlUrl, NESTED_LIST, { first: 6 }, token);

      expect(large.errors).toBeUndefined();
      expect(large.statements).toBe(small.statements);
      // partners, sites with their emails, contacts and employees, on top of authentication
      expect(large.statements - baseline.statements).toBe(4);
    });
  });

  describe('createPartner', () => {
    it('creates a partner with sites, emails and contacts', async () => {
      const partner = await create({
        name: 'Carpați Logistic SRL',
        taxId: 'RO 14399840',
        tradeRegisterNumber: 'J12/345/2002',
        locality: 'Cluj-Napoca',
        county: 'cluj',
        turnover: '1250000.50',
        employeeCount: 40,
        activityDomain: 'Transport',
        salesRepId,
        serviceRepId,
        competitors: ['Dacia Trans'],
        activitiesOfInterest: ['Service flote'],
        notes: 'Client din 2019',
        sites: [
          {
            name: 'Sediu social',
            county: 'CJ',
            emails: [' Office@Carpati.RO ', 'vanzari@carpati.ro'],
          },
          { name: 'Depozit Turda', locality: 'Turda', emails: ['depozit@carpati.ro'] },
        ],
        contacts: [
          {
            name: 'Ioana Pop',
            role: 'Achiziții',
            email: 'Ioana.Pop@Carpati.ro',
            phone: '0722 000 111',
          },
        ],
      });

      expect(partner.taxId).toBe('RO14399840');
      expect(partner.taxIdDigits).toBe('14399840');
      expect(partner.vatPayer).toBe(true);
      expect(partner.county).toBe('CJ');
      expect(partner.countyName).toBe('Cluj');
      expect(partner.turnover).toBe('1250000.50');
      expect(partner.salesRep?.name).toBe('Sorin Vânzări');
      expect(partner.serviceRep?.name).toBe('Sanda Service');
      expect(partner.kind).toBe('CUSTOMER');
      expect(partner.customerSince).toBe(partner.createdAt);
      expect(partner.sites.map((site) => site.emails)).toEqual([
        ['office@carpati.ro', 'vanzari@carpati.ro'],
        ['depozit@carpati.ro'],
      ]);
      expect(partner.sites[0]?.countyName).toBe('Cluj');
      expect(partner.contacts[0]?.email).toBe('ioana.pop@carpati.ro');
    });

    it('creates a lead without a customer date', async () => {
      const lead = await create({ name: 'Prospect Nou SRL', isLead: true });

      expect(lead.kind).toBe('LEAD');
      expect(lead.customerSince).toBeNull();
    });

    it('lets several partners share a site email', async () => {
      const first = await create({
        name: 'Grup Alfa SRL',
        sites: [{ name: 'A', emails: ['contabil@grup.ro'] }],
      });
      const second = await create({
        name: 'Grup Beta SRL',
        sites: [{ name: 'B', emails: ['contabil@grup.ro'] }],
      });

      expect(first.sites[0]?.emails).toEqual(['contabil@grup.ro']);
      expect(second.sites[0]?.emails).toEqual(['contabil@grup.ro']);
    });

    it('rejects agents', async () => {
      const result = await agent.request(CreatePartnerDocument, { input: { name: 'Agent SRL' } });

      expect(result.createPartner.__typename).toBe('ForbiddenError');
    });
  });

  describe('input validation', () => {
    it('rejects an invalid CUI naming the field, value and fix', async () => {
      const result = await manager.request(CreatePartnerDocument, {
        input: { name: 'Cifră Greșită SRL', taxId: '18547291' },
      });
      const [issue] = issuesOf(result.createPartner);

      expect(issue?.field).toBe('input.taxId');
      expect(issue?.value).toBe('18547291');
      expect(issue?.message).toContain('the check digit is 1 but should be 0');
      expect(issue?.message).toContain('such as RO14399840');
    });

    it('rejects an unknown county', async () => {
      const result = await manager.request(CreatePartnerDocument, {
        input: { name: 'Județ Greșit SRL', county: 'Transilvania' },
      });

      expect(issuesOf(result.createPartner)).toEqual([
        {
          field: 'input.county',
          value: 'Transilvania',
          message: expect.stringContaining('counties query lists all 42'),
        },
      ]);
    });

    it('rejects an unknown site county', async () => {
      const result = await manager.request(CreatePartnerDocument, {
        input: { name: 'Sediu Greșit SRL', sites: [{ name: 'S', county: 'XX' }] },
      });

      expect(issuesOf(result.createPartner)[0]?.field).toBe('input.sites.0.county');
    });

    it('rejects a negative turnover', async () => {
      const result = await manager.request(CreatePartnerDocument, {
        input: { name: 'Pierderi SRL', turnover: '-10' },
      });

      expect(issuesOf(result.createPartner)).toEqual([
        {
          field: 'input.turnover',
          value: '-10',
          message: 'must be zero or more, such as "1250000.00"',
        },
      ]);
    });

    it('rejects a turnover with more than two decimals', async () => {
      const result = await manager.request(CreatePartnerDocument, {
        input: { name: 'Zecimale SRL', turnover: '10.005' },
      });

      expect(issuesOf(result.createPartner)[0]?.message).toContain('at most 2 decimal places');
    });

    it('rejects a negative employee count', async () => {
      const result = await manager.request(CreatePartnerDocument, {
        input: { name: 'Fără Oameni SRL', employeeCount: -3 },
      });

      expect(issuesOf(result.createPartner)).toEqual([
        {
          field: 'input.employeeCount',
          value: '-3',
          message: 'must be zero or more; send the number of employees, such as 25',
        },
      ]);
    });

    it('rejects a malformed site email by its path', async () => {
      const result = await manager.request(CreatePartnerDocument, {
        input: {
          name: 'Email Stricat SRL',
          sites: [{ name: 'S', emails: ['ok@firma.ro', 'firma.ro'] }],
        },
      });

      expect(issuesOf(result.createPartner)).toEqual([
        {
          field: 'input.sites.0.emails.1',
          value: 'firma.ro',
          message: 'must be an email address such as office@firma.ro',
        },
      ]);
    });

    it('rejects a malformed contact email', async () => {
      const result = await manager.request(CreatePartnerDocument, {
        input: { name: 'Contact Stricat SRL', contacts: [{ name: 'C', email: 'c@' }] },
      });

      expect(issuesOf(result.createPartner)[0]?.field).toBe('input.contacts.0.email');
    });

    it('rejects an email listed twice on one site', async () => {
      const result = await manager.request(CreatePartnerDocument, {
        input: {
          name: 'Dublură SRL',
          sites: [{ name: 'S', emails: ['a@firma.ro', ' A@Firma.ro'] }],
        },
      });

      expect(issuesOf(result.createPartner)).toEqual([
        {
          field: 'input.sites.0.emails.1',
          value: ' A@Firma.ro',
          message: 'duplicate email a@firma.ro on this site; list each address once',
        },
      ]);
    });

    it('reports every invalid field at once', async () => {
      const result = await manager.request(CreatePartnerDocument, {
        input: {
          name: 'Multe Greșeli SRL',
          taxId: '123',
          county: 'X',
          turnover: '-1',
          employeeCount: -1,
        },
      });

      expect(issuesOf(result.createPartner).map((issue) => issue.field)).toEqual([
        'input.taxId',
        'input.county',
        'input.turnover',
        'input.employeeCount',
      ]);
    });

    it('rejects text above its maximum length', async () => {
      const email = `${'m'.repeat(250)}@firma.ro`;
      const result = await manager.request(CreatePartnerDocument, {
        input: {
          name: 'N'.repeat(201),
          sites: [{ name: 'Sediu', address: 'A'.repeat(501), emails: [email] }],
          contacts: [{ name: 'Ion', phone: '0'.repeat(51) }],
          competitors: ['C'.repeat(201)],
        },
      });
      const issues = issuesOf(result.createPartner);
      const issueAt = (field: string) => issues.find((issue) => issue.field === field);

      expect(issues.map((issue) => issue.field)).toEqual([
        'input.name',
        'input.competitors.0',
        'input.sites.0.address',
        'input.sites.0.emails.0',
        'input.contacts.0.phone',
      ]);
      expect(issueAt('input.name')?.message).toBe(
        'must be at most 200 characters, but has 201; shorten it',
      );
      expect(issueAt('input.competitors.0')?.message).toBe(
        'must be at most 200 characters, but has 201; shorten it',
      );
      expect(issueAt('input.sites.0.address')?.message).toBe(
        'must be at most 500 characters, but has 501; shorten it',
      );
      expect(issueAt('input.sites.0.emails.0')).toEqual({
        field: 'input.sites.0.emails.0',
        value: `${email.slice(0, 77)}...`,
        message: 'must be at most 254 characters, but has 259; shorten it',
      });
      expect(issueAt('input.contacts.0.phone')).toEqual({
        field: 'input.contacts.0.phone',
        value: '0'.repeat(51),
        message: 'must be at most 50 characters, but has 51; shorten it',
      });
    });

    it('rejects a customer date on a lead', async () => {
      const result = await manager.request(CreatePartnerDocument, {
        input: { name: 'Lead Datat SRL', isLead: true, customerSince: '2026-01-05T10:00:00+02:00' },
      });

      expect(issuesOf(result.createPartner)[0]?.field).toBe('input.customerSince');
    });

    it('rejects a representative id of another type', async () => {
      const partner = await create({ name: 'Tip Greșit SRL' });
      const result = await manager.request(CreatePartnerDocument, {
        input: { name: 'Reprezentant Greșit SRL', salesRepId: partner.id },
      });

      expect(issuesOf(result.createPartner)[0]?.field).toBe('input.salesRepId');
    });

    it('writes nothing when a nested email is invalid', async () => {
      await manager.request(CreatePartnerDocument, {
        input: {
          name: 'Tranzacție SRL',
          sites: [
            { name: 'Bun', emails: ['bun@firma.ro'] },
            { name: 'Rău', emails: ['rău@'] },
          ],
          contacts: [{ name: 'Ion Contact' }],
        },
      });

      expect(await countRows('Tranzacție SRL')).toEqual({
        partners: 0,
        sites: 0,
        emails: 0,
        contacts: 0,
      });
    });

    it('rolls back the partner when a nested insert fails in the database', async () => {
      const write = createPartner(api.services.db, {
        name: 'Rollback SRL',
        sites: [{ name: 'S', emails: ['dublu@firma.ro', 'dublu@firma.ro'] }],
      });

      await expect(write).rejects.toThrow();
      expect(await countRows('Rollback SRL')).toEqual({
        partners: 0,
        sites: 0,
        emails: 0,
        contacts: 0,
      });
    });
  });

  describe('lead campaign', () => {
    it('stores the campaign that brought a lead', async () => {
      const [campaign] = await api.services.db
        .insert(campaigns)
        .values({ name: 'Târg 2026', startsOn: '2026-03-01', endsOn: '2026-03-31' })
        .returning();
      const campaignId = Buffer.from(`Campaign:${campaign!.id}`).toString('base64');
      const lead = await create({
        name: 'Din Campanie SRL',
        isLead: true,
        leadCampaignId: campaignId,
      });

      expect(lead.leadCampaignId).toBe(campaignId);
    });

    it('reports an unknown campaign as not found', async () => {
      const ghost = Buffer.from('Campaign:00000000-0000-4000-8000-000000000000').toString('base64');
      const result = await manager.request(CreatePartnerDocument, {
        input: { name: 'Campanie Lipsă SRL', isLead: true, leadCampaignId: ghost },
      });
      const error = errorOf(result.createPartner);

      expect(error.__typename).toBe('NotFoundError');
      expect(error).toHaveProperty('field', 'input.leadCampaignId');
    });
  });

  describe('conflicts', () => {
    it('rejects a duplicate tax id naming it and the existing partner', async () => {
      const existing = await create({ name: 'Original SRL', taxId: '18547290' });
      const result = await manager.request(CreatePartnerDocument, {
        input: { name: 'Copie SRL', taxId: 'RO18547290' },
      });
      const error = errorOf(result.createPartner);

      expect(error.__typename).toBe('ConflictError');
      expect(error).toHaveProperty('field', 'input.taxId');
      expect(error).toHaveProperty('value', 'RO18547290');
      expect(error.message).toContain('Original SRL');
      expect(error.message).toContain(existing.id);
      expect(await countRows('Copie SRL')).toEqual({
        partners: 0,
        sites: 0,
        emails: 0,
        contacts: 0,
      });
    });

    it('rejects a duplicate external id', async () => {
      await create({ name: 'ERP Unu SRL', externalId: 'ERP-1' });
      const result = await manager.request(CreatePartnerDocument, {
        input: { name: 'ERP Doi SRL', externalId: 'ERP-1' },
      });

      expect(errorOf(result.createPartner).__typename).toBe('ConflictError');
    });

    it('reports an unknown representative as not found', async () => {
      const ghost = Buffer.from('Employee:00000000-0000-4000-8000-000000000000').toString('base64');
      const result = await manager.request(CreatePartnerDocument, {
        input: { name: 'Fantomă SRL', salesRepId: ghost },
      });
      const error = errorOf(result.createPartner);

      expect(error.__typename).toBe('NotFoundError');
      expect(error).toHaveProperty('field', 'input.salesRepId');
    });
  });

  describe('updatePartner', () => {
    it('replaces the lists it is given and keeps the others', async () => {
      const partner = await create({
        name: 'Schimbări SRL',
        sites: [{ name: 'Vechi', emails: ['vechi@firma.ro'] }],
        contacts: [{ name: 'Rămâne' }],
      });
      const result = await manager.request(UpdatePartnerDocument, {
        id: partner.id,
        input: { turnover: '99.99', sites: [{ name: 'Nou', emails: ['nou@firma.ro'] }] },
      });
      if (result.updatePartner.__typename !== 'MutationUpdatePartnerSuccess') {
        throw new Error(result.updatePartner.__typename);
      }
      const updated = result.updatePartner.data;

      expect(updated.name).toBe('Schimbări SRL');
      expect(updated.turnover).toBe('99.99');
      expect(updated.sites.map((site) => [site.name, site.emails])).toEqual([
        ['Nou', ['nou@firma.ro']],
      ]);
      expect(updated.contacts.map((contact) => contact.name)).toEqual(['Rămâne']);
    });

    it('clears a nullable field given as null', async () => {
      const partner = await create({ name: 'Note SRL', notes: 'de șters' });
      const result = await manager.request(UpdatePartnerDocument, {
        id: partner.id,
        input: { notes: null },
      });

      expect(
        result.updatePartner.__typename === 'MutationUpdatePartnerSuccess' &&
          result.updatePartner.data.notes,
      ).toBeNull();
    });

    it('rejects a null name', async () => {
      const partner = await create({ name: 'Nume SRL' });
      const result = await manager.request(UpdatePartnerDocument, {
        id: partner.id,
        input: { name: null },
      });

      expect(issuesOf(result.updatePartner)[0]?.field).toBe('input.name');
    });

    it('reports an unknown partner as not found', async () => {
      const ghost = Buffer.from('Partner:00000000-0000-4000-8000-000000000000').toString('base64');
      const result = await manager.request(UpdatePartnerDocument, {
        id: ghost,
        input: { notes: 'x' },
      });
      const error = errorOf(result.updatePartner);

      expect(error.__typename).toBe('NotFoundError');
      expect(error).toHaveProperty('id', ghost);
    });

    it('rejects a tax id that another partner has', async () => {
      await create({ name: 'Deținător SRL', taxId: '1590082' });
      const partner = await create({ name: 'Solicitant SRL' });
      const result = await manager.request(UpdatePartnerDocument, {
        id: partner.id,
        input: { taxId: 'RO1590082', sites: [{ name: 'Nu se scrie' }] },
      });

      expect(errorOf(result.updatePartner).message).toContain('Deținător SRL');
      expect(await countRows('Solicitant SRL')).toEqual({
        partners: 1,
        sites: 0,
        emails: 0,
        contacts: 0,
      });
    });

    it('reports a bad id with the invalid input', async () => {
      const result = await manager.request(UpdatePartnerDocument, {
        id: 'partner?',
        input: { name: null, employeeCount: -1 },
      });
      const issues = issuesOf(result.updatePartner);

      expect(issues.map((issue) => issue.field)).toEqual([
        'id',
        'input.employeeCount',
        'input.name',
      ]);
      expect(issues[0]).toEqual({
        field: 'id',
        value: 'partner?',
        message: 'must be the id of a Partner, as its id field returns it',
      });
    });
  });

  describe('lead conversion', () => {
    it('converts a lead and leaves a customer as it is', async () => {
      const lead = await create({ name: 'Convertit SRL', isLead: true });
      const first = await manager.request(ConvertLeadToCustomerDocument, { id: lead.id });
      const second = await manager.request(ConvertLeadToCustomerDocument, { id: lead.id });
      if (first.convertLeadToCustomer.__typename !== 'MutationConvertLeadToCustomerSuccess') {
        throw new Error(first.convertLeadToCustomer.__typename);
      }
      if (second.convertLeadToCustomer.__typename !== 'MutationConvertLeadToCustomerSuccess') {
        throw new Error(second.convertLeadToCustomer.__typename);
      }

      expect(first.convertLeadToCustomer.data.kind).toBe('CUSTOMER');
      expect(first.convertLeadToCustomer.data.customerSince).not.toBeNull();
      expect(second.convertLeadToCustomer.data.customerSince).toBe(
        first.convertLeadToCustomer.data.customerSince,
      );
    });

    it('marks a partner customer at the sale time', async () => {
      const lead = await create({ name: 'Vânzare Câștigată SRL', isLead: true });
      const [row] = await api.services.db
        .select({ id: partners.id })
        .from(partners)
        .where(eq(partners.name, 'Vânzare Câștigată SRL'));
      const wonAt = new Date('2026-03-29T09:00:00+03:00');
      const marked = await markPartnerCustomer(api.services.db, row!.id, wonAt);
      const again = await markPartnerCustomer(api.services.db, row!.id, new Date());

      expect(lead.isLead).toBe(true);
      expect(marked.isLead).toBe(false);
      expect(marked.customerSince?.toISOString()).toBe(wonAt.toISOString());
      expect(again.customerSince?.toISOString()).toBe(wonAt.toISOString());
    });
  });

  describe('upsertPartnerByExternalId', () => {
    it('makes one partner when the same push arrives twice', async () => {
      const push = { name: 'Import ERP SRL', sites: [{ name: 'S', emails: ['erp@firma.ro'] }] };
      const first = await manager.request(UpsertPartnerByExternalIdDocument, {
        externalId: 'ERP-77',
        input: push,
      });
      const second = await manager.request(UpsertPartnerByExternalIdDocument, {
        externalId: 'ERP-77',
        input: push,
      });
      const ids = [first, second].map((result) =>
        result.upsertPartnerByExternalId.__typename === 'MutationUpsertPartnerByExternalIdSuccess'
          ? result.upsertPartnerByExternalId.data.id
          : result.upsertPartnerByExternalId.__typename,
      );

      expect(ids[1]).toBe(ids[0]);
      expect(await countRows('Import ERP SRL')).toEqual({
        partners: 1,
        sites: 1,
        emails: 1,
        contacts: 0,
      });
    });

    it('updates the pushed fields of an existing partner', async () => {
      await manager.request(UpsertPartnerByExternalIdDocument, {
        externalId: 'ERP-78',
        input: { name: 'Nume Vechi ERP', employeeCount: 5 },
      });
      const result = await manager.request(UpsertPartnerByExternalIdDocument, {
        externalId: 'ERP-78',
        input: { name: 'Nume Nou ERP' },
      });
      if (
        result.upsertPartnerByExternalId.__typename !== 'MutationUpsertPartnerByExternalIdSuccess'
      ) {
        throw new Error(result.upsertPartnerByExternalId.__typename);
      }

      expect(result.upsertPartnerByExternalId.data.name).toBe('Nume Nou ERP');
      expect(result.upsertPartnerByExternalId.data.employeeCount).toBe(5);
      expect(result.upsertPartnerByExternalId.data.externalId).toBe('ERP-78');
    });

    it('rejects an input external id that differs from the argument', async () => {
      const result = await manager.request(UpsertPartnerByExternalIdDocument, {
        externalId: 'ERP-79',
        input: { name: 'Nepotrivit', externalId: 'ERP-80' },
      });

      expect(issuesOf(result.upsertPartnerByExternalId)[0]?.field).toBe('input.externalId');
    });

    it('reports the external id with the input', async () => {
      const result = await manager.request(UpsertPartnerByExternalIdDocument, {
        externalId: 'E'.repeat(201),
        input: { name: ' ', county: 'Atlantida' },
      });
      const issues = issuesOf(result.upsertPartnerByExternalId);

      expect(issues.map((issue) => issue.field)).toEqual([
        'externalId',
        'input.name',
        'input.county',
      ]);
      expect(issues[0]).toEqual({
        field: 'externalId',
        value: `${'E'.repeat(77)}...`,
        message: 'must be at most 200 characters, but has 201; shorten it',
      });
      expect(issues[1]).toEqual({
        field: 'input.name',
        value: ' ',
        message: 'must not be empty; send the name',
      });
    });
  });
});
