import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmClient, LoginDocument, type LoginMutation } from '../sdk/index.js';
import { createTestUser, startTestApi, type TestApi } from './support/api.js';
import { postGraphQL } from './support/graphql.js';

const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    __typename
    ... on MutationLoginSuccess { data { token user { email role } } }
    ... on Error { message }
  }
}`;

function issuesOf(result: LoginMutation) {
  if (result.login.__typename !== 'ValidationError') {
    throw new Error(`expected a ValidationError, got ${result.login.__typename}`);
  }

  return result.login.issues;
}

describe('login', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('returns a token that authenticates me', async () => {
    const user = await createTestUser(api, 'MANAGER', 'Ioana Manager');
    const login = await postGraphQL<{ login: { data: { token: string } } }>(api.graphqlUrl, LOGIN, {
      email: user.email.toUpperCase(),
      password: user.password,
    });
    const token = login.data!.login.data.token;
    const me = await postGraphQL<{ me: { email: string } }>(
      api.graphqlUrl,
      '{ me { email } }',
      {},
      token,
    );

    expect(me.data?.me.email).toBe(user.email);
  });

  it('rejects a wrong password as ForbiddenError', async () => {
    const user = await createTestUser(api, 'AGENT', 'Mihai Agent');
    const login = await postGraphQL<{ login: { __typename: string } }>(api.graphqlUrl, LOGIN, {
      email: user.email,
      password: 'wrong',
    });

    expect(login.data?.login.__typename).toBe('ForbiddenError');
  });

  it('rejects requests without a token', async () => {
    const me = await postGraphQL(api.graphqlUrl, '{ me { email } }');

    expect(me.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('revokes the session on logout', async () => {
    const user = await createTestUser(api, 'ADMIN', 'Dan Admin');
    const login = await postGraphQL<{ login: { data: { token: string } } }>(api.graphqlUrl, LOGIN, {
      email: user.email,
      password: user.password,
    });
    const token = login.data!.login.data.token;
    await postGraphQL(api.graphqlUrl, 'mutation { logout { __typename } }', {}, token);
    const me = await postGraphQL(api.graphqlUrl, '{ me { email } }', {}, token);

    expect(me.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('reports the email and the password together', async () => {
    const client = createCrmClient({ url: api.graphqlUrl });
    const result = await client.request(LoginDocument, { email: 'nobody', password: '' });

    expect(issuesOf(result)).toEqual([
      { field: 'email', value: 'nobody', message: 'must be an email address such as ana@firma.ro' },
      { field: 'password', value: null, message: 'must not be empty; send your password' },
    ]);
  });

  it('rejects an email above 254 characters', async () => {
    const email = `${'x'.repeat(3000)}@firma.ro`;
    const client = createCrmClient({ url: api.graphqlUrl });
    const result = await client.request(LoginDocument, { email, password: 'anything-long' });

    expect(issuesOf(result)).toEqual([
      {
        field: 'email',
        value: `${email.slice(0, 77)}...`,
        message: 'must be at most 254 characters, but has 3009; shorten it',
      },
    ]);
  });

  it('refuses logins after ten failures', async () => {
    const user = await createTestUser(api, 'AGENT', 'Paul Guesser');
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await postGraphQL(api.graphqlUrl, LOGIN, { email: user.email, password: `wrong-${attempt}` });
    }
    const login = await postGraphQL<{ login: { __typename: string; message: string } }>(
      api.graphqlUrl,
      LOGIN,
      { email: user.email, password: user.password },
    );

    expect(login.data?.login.message).toMatch(/too many failed logins/);
  });
});
