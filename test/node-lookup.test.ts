import { encodeGlobalID } from '@pothos/plugin-relay';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CreateTaskDocument, LoginDocument, MeDocument } from '../sdk/index.js';
import { logger } from '../src/logger.js';
import { startTestApi, type TestApi } from './support/api.js';
import { postGraphQL } from './support/graphql.js';
import { createActor, insertPartner, type TestActor } from './support/task-fixtures.js';

const MISSING_UUID = '00000000-0000-0000-0000-000000000000';

/** Types that must be among the Node types, so the loop over them cannot pass on an empty list. */
const REPORTED_TYPES = [
  'Partner',
  'Opportunity',
  'Employee',
  'User',
  'Campaign',
  'Attachment',
  'Dossier',
  'ApiToken',
  'LossReason',
  'Site',
  'Contact',
  'EmailLogEntry',
  'SmtpServer',
  'Task',
  'Message',
  'TaskResponse',
];

const NODE = 'query ($id: ID!) { node(id: $id) { __typename id } }';
const NODES = 'query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }';

function base64(text: string): string {
  return Buffer.from(text).toString('base64');
}

/**
 * Collects the error-level lines that the server's pino logger writes. Only lines the level lets
 * through are seen, so this relies on LOG_LEVEL being error or lower, as the test command sets.
 */
function captureErrorLogs(): string[] {
  const lines: string[] = [];
  const stream = (logger as unknown as Record<symbol, { write(line: string): boolean }>)[
    pino.symbols.streamSym
  ]!;
  const write = stream.write.bind(stream);
  vi.spyOn(stream, 'write').mockImplementation((line: string) => {
    if ((JSON.parse(line) as { level: number }).level >= 50) lines.push(line);

    return write(line);
  });

  return lines;
}

describe('node lookup', () => {
  let api: TestApi;
  let admin: TestActor;
  let manager: TestActor;
  let agent: TestActor;
  let colleague: TestActor;
  let errorLogs: string[];

  const asAdmin = <T>(query: string, variables: Record<string, unknown>) =>
    postGraphQL<T>(api.graphqlUrl, query, variables, admin.token);

  beforeAll(async () => {
    api = await startTestApi();
    admin = await createActor(api, 'ADMIN', 'Adela Admin');
    manager = await createActor(api, 'MANAGER', 'Mihai Manager');
    agent = await createActor(api, 'AGENT', 'Ana Agent');
    colleague = await createActor(api, 'AGENT', 'Bogdan Colleague');
  });
  beforeEach(() => {
    errorLogs = captureErrorLogs();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await api.close();
  });

  describe('ids without a row', () => {
    it('node returns null for every node type', async () => {
      const types = await asAdmin<{ __type: { possibleTypes: { name: string }[] } }>(
        '{ __type(name: "Node") { possibleTypes { name } } }',
        {},
      );
      const names = types.data!.__type.possibleTypes.map((type) => type.name);

      expect(names).toEqual(expect.arrayContaining(REPORTED_TYPES));
      for (const name of names) {
        const response = await asAdmin<{ node: unknown }>(NODE, {
          id: encodeGlobalID(name, MISSING_UUID),
        });

        expect(response.errors, name).toBeUndefined();
        expect(response.data?.node, name).toBeNull();
      }
      expect(errorLogs).toEqual([]);
    });

    it('nodes returns null in the position of a missing row', async () => {
      const partner = await insertPartner(api, 'Nod Existent SRL');
      const response = await asAdmin<{ nodes: unknown[] }>(NODES, {
        ids: [
          partner.globalId,
          encodeGlobalID('Partner', MISSING_UUID),
          encodeGlobalID('Task', MISSING_UUID),
        ],
      });

      expect(response.errors).toBeUndefined();
      expect(response.data?.nodes).toEqual([
        { __typename: 'Partner', id: partner.globalId },
        null,
        null,
      ]);
    });

    it('partner and task return null', async () => {
      const response = await asAdmin<{ partner: unknown; task: unknown }>(
        'query ($partnerId: ID!, $taskId: ID!) { partner(id: $partnerId) { id } task(id: $taskId) { id } }',
        {
          partnerId: encodeGlobalID('Partner', MISSING_UUID),
          taskId: encodeGlobalID('Task', MISSING_UUID),
        },
      );

      expect(response.errors).toBeUndefined();
      expect(response.data?.partner).toBeNull();
      expect(response.data?.task).toBeNull();
    });
  });

  describe('malformed ids', () => {
    const MALFORMED: [string, string][] = [
      ['not base64 of a type and id', 'nonsense'],
      ['an id that is not a uuid', base64('Opportunity:not-a-uuid')],
      ['an empty id', base64('Partner:')],
      ['a uuid with a suffix', base64(`Partner:${MISSING_UUID}:1`)],
      ['an unknown type', base64(`Foo:${MISSING_UUID}`)],
      ['a type without ids', base64(`PageInfo:${MISSING_UUID}`)],
    ];

    for (const [label, id] of MALFORMED) {
      it(`node rejects ${label}`, async () => {
        const response = await asAdmin<{ node: unknown }>(NODE, { id });

        expect(response.data?.node).toBeNull();
        expect(response.errors?.[0]?.extensions?.code).toBe('VALIDATION');
        expect(response.errors?.[0]?.message).toContain(`id: "${id}"`);
        expect(errorLogs).toEqual([]);
      });
    }

    it('nodes rejects an unknown type naming its position', async () => {
      const id = base64(`Foo:${MISSING_UUID}`);
      const response = await asAdmin<{ nodes: unknown }>(NODES, {
        ids: [encodeGlobalID('Partner', MISSING_UUID), id],
      });

      expect(response.errors?.[0]?.extensions?.code).toBe('VALIDATION');
      expect(response.errors?.[0]?.message).toContain(`ids.1: "${id}"`);
    });

    it('nodes rejects a malformed id', async () => {
      const response = await asAdmin<{ nodes: unknown }>(NODES, {
        ids: [encodeGlobalID('Partner', MISSING_UUID), 'nonsense'],
      });

      expect(response.errors?.[0]?.extensions?.code).toBe('VALIDATION');
      expect(response.errors?.[0]?.message).toContain('"nonsense"');
      expect(errorLogs).toEqual([]);
    });

    it('a mutation returns a ValidationError for a malformed id', async () => {
      const response = await asAdmin<{ updateUser: { __typename: string; issues: unknown[] } }>(
        'mutation ($id: ID!) { updateUser(id: $id, name: "X") { __typename ... on ValidationError { issues { field value } } } }',
        { id: base64('User:not-a-uuid') },
      );

      expect(response.data?.updateUser.__typename).toBe('ValidationError');
      expect(response.data?.updateUser.issues).toEqual([
        { field: 'id', value: base64('User:not-a-uuid') },
      ]);
      expect(errorLogs).toEqual([]);
    });
  });

  describe('user fields', () => {
    const USER = (field: string) =>
      `query ($id: ID!) { node(id: $id) { ... on User { id ${field} } } }`;

    async function readUser(reader: TestActor, owner: TestActor, field: string) {
      return postGraphQL<{ node: Record<string, unknown> | null }>(
        api.graphqlUrl,
        USER(field),
        { id: encodeGlobalID('User', owner.userId) },
        reader.token,
      );
    }

    for (const field of ['email', 'role', 'active']) {
      it(`agent may not read a colleague's ${field}`, async () => {
        const response = await readUser(agent, colleague, field);

        expect(response.data?.node).toBeNull();
        expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(response.errors?.[0]?.message).toContain(`User.${field}`);
      });

      it(`agent reads their own ${field}`, async () => {
        const response = await readUser(agent, agent, field);

        expect(response.errors).toBeUndefined();
        expect(response.data?.node?.[field]).toBeDefined();
      });

      it(`manager and admin read an agent's ${field}`, async () => {
        const byManager = await readUser(manager, agent, field);
        const byAdmin = await readUser(admin, agent, field);

        expect(byManager.errors).toBeUndefined();
        expect(byAdmin.errors).toBeUndefined();
      });
    }

    it("agent reads a colleague's name", async () => {
      const response = await readUser(agent, colleague, 'name');

      expect(response.errors).toBeUndefined();
      expect(response.data?.node?.name).toBe('Bogdan Colleague');
    });

    it("agent sees a task creator's name but not their email", async () => {
      const created = await manager.client.request(CreateTaskDocument, {
        input: { title: 'Call the customer', responsibleId: agent.employeeGlobalId },
      });
      if (created.createTask.__typename !== 'MutationCreateTaskSuccess') {
        throw new Error(`createTask returned ${created.createTask.__typename}`);
      }
      const taskId = created.createTask.data.id;
      const query = (field: string) =>
        postGraphQL<{ task: { creator: Record<string, unknown> } | null }>(
          api.graphqlUrl,
          `query ($id: ID!) { task(id: $id) { creator { ${field} } } }`,
          { id: taskId },
          agent.token,
        );
      const name = await query('name');
      const email = await query('email');

      expect(name.data?.task?.creator.name).toBe('Mihai Manager');
      expect(email.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('login and me return the caller their own email and role', async () => {
      const login = await agent.client.request(LoginDocument, {
        email: agent.email,
        password: agent.password,
      });
      const me = await agent.client.request(MeDocument);
      const user = login.login.__typename === 'MutationLoginSuccess' ? login.login.data.user : null;

      expect(user).toMatchObject({ email: agent.email, role: 'AGENT' });
      expect(me.me).toMatchObject({ email: agent.email, role: 'AGENT' });
    });
  });
});
