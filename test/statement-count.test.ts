import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { employees } from '../src/employees/tables.js';
import { opportunities } from '../src/opportunities/tables.js';
import { partners } from '../src/partners/tables.js';
import { foldSearchText } from '../src/partners/search-text.js';
import { tasks } from '../src/tasks/tables.js';
import { startTestApi, type TestApi } from './support/api.js';
import { postGraphQL } from './support/graphql.js';
import { createSalesActor } from './support/sales-fixtures.js';

const PARTNER_COUNT = 210;

const NESTED_PAGE = `query NestedPage($first: Int!) {
  partners(first: $first) {
    edges { node {
      id name
      opportunities(first: 10) { edges { node { id title stage value } } }
      tasks(first: 20) { edges { node { id title deadline responsible { id name } } } }
    } }
  }
}`;

interface NestedPage {
  partners: {
    edges: {
      node: {
        opportunities: { edges: unknown[] };
        tasks: { edges: { node: { responsible: { name: string } | null } }[] };
      };
    }[];
  };
}

/** Inserts partners, each with two opportunities and three tasks held by varied employees. */
async function insertNestedData(api: TestApi): Promise<void> {
  const db = api.services.db;
  const staff = await db
    .insert(employees)
    .values(Array.from({ length: 12 }, (_, index) => ({ name: `Angajat ${index}` })))
    .returning({ id: employees.id });
  const partnerRows = await db
    .insert(partners)
    .values(
      Array.from({ length: PARTNER_COUNT }, (_, index) => {
        const name = `Partener ${String(index).padStart(3, '0')} SRL`;

        return { name, searchName: foldSearchText(name) };
      }),
    )
    .returning({ id: partners.id });
  await db.insert(opportunities).values(
    partnerRows.flatMap((partner, index) =>
      [0, 1].map((offset) => ({
        title: `Ofertă ${index}-${offset}`,
        partnerId: partner.id,
        ownerId: staff[(index + offset) % staff.length]!.id,
        value: '1000.50',
      })),
    ),
  );
  await db.insert(tasks).values(
    partnerRows.flatMap((partner, index) =>
      [0, 1, 2].map((offset) => ({
        title: `Sarcină ${index}-${offset}`,
        beneficiaryId: partner.id,
        responsibleId: staff[(index * 3 + offset) % staff.length]!.id,
        deadline: new Date(Date.UTC(2026, 11, 1 + offset)),
      })),
    ),
  );
}

describe('nested partner page', () => {
  let api: TestApi;
  let token: string;
  const statementsBySize = new Map<number, number>();

  beforeAll(async () => {
    api = await startTestApi();
    await insertNestedData(api);
    token = (await createSalesActor(api, 'MANAGER', 'Mara Numărătoare')).token;
    // The first request of a process also warms caches; measure the steady state.
    await postGraphQL(api.graphqlUrl, NESTED_PAGE, { first: 1 }, token);
    for (const size of [10, 50, 200]) {
      const response = await postGraphQL<NestedPage>(
        api.graphqlUrl,
        NESTED_PAGE,
        { first: size },
        token,
      );
      if (response.errors) throw new Error(response.errors[0]!.message);
      statementsBySize.set(size, response.statements);
    }
  });
  afterAll(async () => {
    await api.close();
  });

  it('issues a small fixed number of statements at page size 10', () => {
    // auth, partners, opportunities, tasks, their responsibles
    expect(statementsBySize.get(10)).toBeLessThanOrEqual(5);
  });

  it('issues as many statements at page size 50 as at 10', () => {
    expect(statementsBySize.get(50)).toBe(statementsBySize.get(10));
  });

  it('issues as many statements at page size 200 as at 10', () => {
    expect(statementsBySize.get(200)).toBe(statementsBySize.get(10));
  });

  it('returns every nested row at page size 200', async () => {
    const response = await postGraphQL<NestedPage>(
      api.graphqlUrl,
      NESTED_PAGE,
      { first: 200 },
      token,
    );
    const nodes = response.data!.partners.edges.map((edge) => edge.node);
    const taskCount = nodes.reduce((sum, node) => sum + node.tasks.edges.length, 0);
    const opportunityCount = nodes.reduce((sum, node) => sum + node.opportunities.edges.length, 0);

    expect({ partners: nodes.length, opportunities: opportunityCount, tasks: taskCount }).toEqual({
      partners: 200,
      opportunities: 400,
      tasks: 600,
    });
  });

  it('rejects a page size above the maximum', async () => {
    const response = await postGraphQL(api.graphqlUrl, NESTED_PAGE, { first: 201 }, token);

    expect(response.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });
});
