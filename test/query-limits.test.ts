import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/api.js';
import { postGraphQL } from './support/graphql.js';
import { createSalesActor } from './support/sales-fixtures.js';

describe('query limits', () => {
  let api: TestApi;
  let token: string;

  beforeAll(async () => {
    api = await startTestApi();
    token = (await createSalesActor(api, 'MANAGER', 'Lia Limit')).token;
  });
  afterAll(async () => {
    await api.close();
  });

  it('rejects nested pages whose product exceeds the object limit', async () => {
    const query = `{ partners(first: 200) { edges { node {
      opportunities(first: 200) { edges { node { stages(first: 200) { edges { node { id } } } } } }
    } } } }`;
    const response = await postGraphQL(api.graphqlUrl, query, {}, token);

    expect(response.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
  });

  it('accepts the nested page an analyst runs', async () => {
    const query = `{ partners(first: 50) { edges { node {
      opportunities(first: 10) { edges { node { id } } }
      tasks(first: 20) { edges { node { id responsible { name } } } }
    } } } }`;
    const response = await postGraphQL(api.graphqlUrl, query, {}, token);

    expect(response.errors).toBeUndefined();
  });

  it('rejects queries deeper than the depth limit', async () => {
    const query = `{ partners(first: 1) { edges { node { opportunities(first: 1) { edges { node {
      partner { opportunities(first: 1) { edges { node { partner { opportunities(first: 1) {
        edges { node { id } } } } } } } } } } } } } } }`;
    const response = await postGraphQL(api.graphqlUrl, query, {}, token);

    expect(response.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('rejects more aliases than the alias limit', async () => {
    const aliases = Array.from({ length: 20 }, (_, index) => `a${index}: me { id }`).join(' ');
    const response = await postGraphQL(api.graphqlUrl, `{ ${aliases} }`, {}, token);

    expect(response.errors?.[0]?.message).toMatch(/alias/i);
  });

  it('rejects batched requests', async () => {
    const response = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]),
    });

    expect(response.status).toBe(400);
  });

  it('rejects an unknown bearer token', async () => {
    const response = await postGraphQL(api.graphqlUrl, '{ me { id } }', {}, 'not-a-token');

    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a NUL character in a variable', async () => {
    const query =
      'query Search($text: String) { partners(first: 1, filter: { text: $text }) { edges { cursor } } }';
    const response = await postGraphQL(api.graphqlUrl, query, { text: 'Ion\u0000' }, token);

    expect(response.errors?.[0]?.message).toBe(
      '$.text: text contains a NUL character (\\u0000); remove it',
    );
  });

  it('rejects a NUL character in a literal argument', async () => {
    const query = '{ partners(first: 1, filter: { text: "Ion\\u0000" }) { edges { cursor } } }';
    const response = await postGraphQL(api.graphqlUrl, query, {}, token);

    expect(response.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });

  it('rejects a fractional JSON number as Decimal', async () => {
    const query =
      'query Rich($min: Decimal) { partners(first: 1, filter: { turnoverMin: $min }) { edges { cursor } } }';
    const response = await postGraphQL(api.graphqlUrl, query, { min: 99999999999999.99 }, token);

    expect(response.errors?.[0]?.message).toMatch(/send the number as a string/);
  });
});
