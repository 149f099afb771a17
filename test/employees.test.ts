import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCrmClient,
  CreateEmployeeDocument,
  EmployeesDocument,
  LoginDocument,
  UpdateEmployeeDocument,
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

  it('createEmployee reports every invalid field', async () => {
    const manager = await loggedInClient(api, 'MANAGER', 'Irina Manea');
    const result = await manager.request(CreateEmployeeDocument, {
      input: {
        name: ' ',
        email: 'not-an-address',
        phone: '+40 '.repeat(13),
        department: 'D'.repeat(201),
        hoursPerDay: '7.555',
      },
    });
    const payload = result.createEmployee;
    const issues = payload.__typename === 'ValidationError' ? payload.issues : [];
    const issueAt = (field: string) => issues.find((issue) => issue.field === field);

    expect(issues.map((issue) => issue.field)).toEqual([
      'input.name',
      'input.email',
      'input.phone',
      'input.department',
      'input.hoursPerDay',
    ]);
    expect(issueAt('input.name')).toEqual({
      field: 'input.name',
      value: ' ',
      message: 'must not be empty; send the full name, such as "Ana Popescu"',
    });
    expect(issueAt('input.email')).toEqual({
      field: 'input.email',
      value: 'not-an-address',
      message: 'must be an email address such as ana@firma.ro',
    });
    expect(issueAt('input.phone')).toEqual({
      field: 'input.phone',
      value: '+40 '.repeat(13),
      message: 'must be at most 50 characters, but has 52; shorten it',
    });
    expect(issueAt('input.department')).toEqual({
      field: 'input.department',
      value: `${'D'.repeat(77)}...`,
      message: 'must be at most 200 characters, but has 201; shorten it',
    });
    expect(issueAt('input.hoursPerDay')).toEqual({
      field: 'input.hoursPerDay',
      value: '7.555',
      message: 'must have at most 2 decimals, such as "7.5"',
    });
  });

  it('rejects an email above 254 characters naming the maximum', async () => {
    const manager = await loggedInClient(api, 'MANAGER', 'Sorin Manea');
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}.ro`;
    const result = await manager.request(CreateEmployeeDocument, {
      input: { name: 'Long Address', email },
    });
    const payload = result.createEmployee;
    const issues = payload.__typename === 'ValidationError' ? payload.issues : [];

    expect(issues).toEqual([
      {
        field: 'input.email',
        value: `${email.slice(0, 77)}...`,
        message: `must be at most 254 characters, but has ${email.length}; shorten it`,
      },
    ]);
  });

  it('stores a name of exactly 200 characters', async () => {
    const manager = await loggedInClient(api, 'MANAGER', 'Tudor Manea');
    const result = await manager.request(CreateEmployeeDocument, {
      input: { name: 'N'.repeat(200), phone: '+40 721 000 000' },
    });
    const payload = result.createEmployee;
    const name = payload.__typename === 'MutationCreateEmployeeSuccess' ? payload.data.name : null;

    expect(name).toBe('N'.repeat(200));
  });

  it('updateEmployee reports the id and the input together', async () => {
    const manager = await loggedInClient(api, 'MANAGER', 'Vera Manea');
    const result = await manager.request(UpdateEmployeeDocument, {
      id: 'no-such-id',
      input: { name: 'N'.repeat(201) },
    });
    const payload = result.updateEmployee;
    const issues = payload.__typename === 'ValidationError' ? payload.issues : [];

    expect(issues).toEqual([
      {
        field: 'id',
        value: 'no-such-id',
        message: 'must be the id of an Employee, as its id field returns it',
      },
      {
        field: 'input.name',
        value: `${'N'.repeat(77)}...`,
        message: 'must be at most 200 characters, but has 201; shorten it',
      },
    ]);
  });

  it('updateEmployee changes the fields', async () => {
    const manager = await loggedInClient(api, 'MANAGER', 'Xenia Manea');
    const created = await manager.request(CreateEmployeeDocument, { input: { name: 'Before' } });
    if (created.createEmployee.__typename !== 'MutationCreateEmployeeSuccess') {
      throw new Error(created.createEmployee.__typename);
    }
    const result = await manager.request(UpdateEmployeeDocument, {
      id: created.createEmployee.data.id,
      input: { name: 'After', email: ' After@Firma.RO ', department: 'Service' },
    });

    expect(result.updateEmployee).toMatchObject({
      data: { name: 'After', email: 'after@firma.ro', department: 'Service', hoursPerDay: '8.00' },
    });
  });

  it('refuses employee creation to agents', async () => {
    const agent = await loggedInClient(api, 'AGENT', 'Vlad Agent');
    const result = await agent.request(CreateEmployeeDocument, { input: { name: 'Nobody' } });

    expect(result.createEmployee.__typename).toBe('ForbiddenError');
  });
});
