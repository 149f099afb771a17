import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCrmClient,
  CreateEmployeeDocument,
  EmployeesDocument,
  LoginDocument,
} from '../sdk/index.js';
import { createTestUser, startTestApi, type TestApi } from './support/api.js';

async function loggedInClient(api: TestApi, role: 'ADMIN' | 'MANAGER' | 'AGENT', name: string) {
  const user = await createTestUser(api, role, name);
  const client = createCrmClient({ url: api.graphqlUrl });
  const login = await client.request(LoginDocument, { email: user.email, password: user.password });
  if (login.login.__typename !== 'MutationLoginSuccess') throw new Error(login.login.__typename);
  client.setToken(login.login.data.token);

  return client;
}

describe('employees', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('creates an employee and pages through the list', async () => {
    const manager = await loggedInClient(api, 'MANAGER', 'Ana Popescu');
    for (const name of ['Zamfir', 'Ionescu', 'Bălan']) {
      await manager.request(CreateEmployeeDocument, { input: { name, hoursPerDay: '6' } });
    }
    const first = await manager.request(EmployeesDocument, { first: 2 });
    const second = await manager.request(EmployeesDocument, {
      first: 2,
      after: first.employees.pageInfo.endCursor,
    });
    const names = [...first.employees.edges, ...second.employees.edges].map(
      (edge) => edge.node.name,
    );

    expect(names).toEqual(['Ana Popescu', 'Bălan', 'Ionescu', 'Zamfir']);
  });

  it('rejects hours per day above 24 naming the field', async () => {
    const manager = await loggedInClient(api, 'MANAGER', 'Radu Manea');
    const result = await manager.request(CreateEmployeeDocument, {
      input: { name: 'Too Busy', hoursPerDay: '25' },
    });
    const issue =
      result.createEmployee.__typename === 'ValidationError'
        ? result.createEmployee.issues[0]
        : null;

    expect(issue).toEqual({
      field: 'input.hoursPerDay',
      value: '25',
      message: 'must be more than 0 and at most 24 hours',
    });
  });

  it('refuses employee creation to agents', async () => {
    const agent = await loggedInClient(api, 'AGENT', 'Vlad Agent');
    const result = await agent.request(CreateEmployeeDocument, { input: { name: 'Nobody' } });

    expect(result.createEmployee.__typename).toBe('ForbiddenError');
  });
});
