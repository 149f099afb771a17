import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateSmtpServerDocument,
  createCrmClient,
  EmailLogDocument,
  LoginDocument,
  MyMailboxDocument,
  SmtpServersDocument,
  TestMyMailboxDocument,
  UpdateMyMailboxDocument,
  UpdateSmtpServerDocument,
  type SmtpServerInput,
} from '../sdk/index.js';
import { queueEmail } from '../src/mail/outgoing/queue-email.js';
import { createSmtpServer } from '../src/mail/outgoing/smtp-servers.js';
import { userMailboxes } from '../src/mail/outgoing/tables.js';
import { createTestUser, startTestApi, type TestApi, type TestUser } from './support/api.js';
import { postGraphQL } from './support/graphql.js';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp-server.js';

type Client = ReturnType<typeof createCrmClient>;

async function loggedInClient(api: TestApi, user: TestUser) {
  const client = createCrmClient({ url: api.graphqlUrl });
  const login = await client.request(LoginDocument, { email: user.email, password: user.password });
  if (login.login.__typename !== 'MutationLoginSuccess') throw new Error(login.login.__typename);
  client.setToken(login.login.data.token);

  return { client, token: login.login.data.token };
}

/** Returns a loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));

  return port;
}

describe('outgoing email over GraphQL', () => {
  let api: TestApi;
  let smtp: TestSmtpServer;
  let admin: Client;
  let manager: Client;
  let managerToken: string;
  let agentUser: TestUser;
  let agent: Client;
  let serverId: string;

  function serverInput(overrides: Partial<SmtpServerInput> = {}): SmtpServerInput {
    return {
      name: 'Office relay',
      host: smtp.host,
      port: smtp.port,
      security: 'NONE',
      senderAddress: 'crm@firma.test',
      ...overrides,
    };
  }

  beforeAll(async () => {
    api = await startTestApi();
    smtp = await startTestSmtpServer({ users: { 'irina.login': 'right-password' } });
    admin = (await loggedInClient(api, await createTestUser(api, 'ADMIN', 'Sorin Admin'))).client;
    const managerLogin = await loggedInClient(
      api,
      await createTestUser(api, 'MANAGER', 'Mara Manager'),
    );
    manager = managerLogin.client;
    managerToken = managerLogin.token;
    agentUser = await createTestUser(api, 'AGENT', 'Irina Agent');
    agent = (await loggedInClient(api, agentUser)).client;

    const created = await admin.request(CreateSmtpServerDocument, {
      input: serverInput({
        username: 'system.login',
        password: 'system-password',
        isDefault: true,
      }),
    });
    if (created.createSmtpServer.__typename !== 'MutationCreateSmtpServerSuccess') {
      throw new Error(created.createSmtpServer.__typename);
    }
    serverId = created.createSmtpServer.data.id;
  });
  afterAll(async () => {
    await smtp.close();
    await api.close();
  });

  describe('SMTP servers', () => {
    it('lists servers to agents without the system login', async () => {
      const { smtpServers } = await agent.request(SmtpServersDocument);

      expect(smtpServers).toHaveLength(1);
      expect(smtpServers[0]!.name).toBe('Office relay');
      expect(smtpServers[0]!.username).toBeNull();
      expect(smtpServers[0]!.hasPassword).toBe(true);
    });

    it('shows the system login to admins', async () => {
      const { smtpServers } = await admin.request(SmtpServersDocument);

      expect(smtpServers[0]!.username).toBe('system.login');
    });

    it('rejects server creation by agents', async () => {
      const result = await agent.request(CreateSmtpServerDocument, {
        input: serverInput({ name: 'Agent relay' }),
      });

      expect(result.createSmtpServer.__typename).toBe('ForbiddenError');
    });

    it('rejects a duplicate server name as ConflictError', async () => {
      const result = await admin.request(CreateSmtpServerDocument, { input: serverInput() });

      expect(result.createSmtpServer.__typename).toBe('ConflictError');
    });

    it('rejects a port out of range naming the field', async () => {
      const result = await admin.request(CreateSmtpServerDocument, {
        input: serverInput({ name: 'Bad port', port: 70000 }),
      });
      const issue =
        result.createSmtpServer.__typename === 'ValidationError'
          ? result.createSmtpServer.issues[0]
          : null;

      expect(issue).toEqual({
        field: 'input.port',
        value: '70000',
        message: 'must be from 1 to 65535',
      });
    });

    const badHosts = [
      ['an empty label', 'smtp..firma.ro'],
      ['a 64-character label', `${'x'.repeat(64)}.firma.ro`],
      ['a space', 'smtp firma.ro'],
      ['a leading hyphen', '-smtp.firma.ro'],
    ];
    for (const [label, host] of badHosts) {
      it(`rejects a host with ${label}`, async () => {
        const result = await admin.request(CreateSmtpServerDocument, {
          input: serverInput({ name: `Bad host ${label}`, host }),
        });
        const issue =
          result.createSmtpServer.__typename === 'ValidationError'
            ? result.createSmtpServer.issues[0]
            : null;

        expect(issue?.field).toBe('input.host');
        expect(issue?.value).toBe(host!.length > 80 ? `${host!.slice(0, 77)}...` : host);
        expect(issue?.message).toBe(
          'must be a host name such as smtp.firma.ro or an IP address such as 192.0.2.10; each dot-separated label has 1 to 63 letters, digits or inner hyphens',
        );
      });
    }

    it('accepts an IPv6 address as host', async () => {
      const result = await admin.request(CreateSmtpServerDocument, {
        input: serverInput({ name: 'IPv6 relay', host: '::1' }),
      });

      expect(result.createSmtpServer.__typename).toBe('MutationCreateSmtpServerSuccess');
    });

    it('moves the default mark to an updated server', async () => {
      const second = await admin.request(CreateSmtpServerDocument, {
        input: serverInput({ name: 'Backup relay' }),
      });
      if (second.createSmtpServer.__typename !== 'MutationCreateSmtpServerSuccess') {
        throw new Error(second.createSmtpServer.__typename);
      }
      const backupId = second.createSmtpServer.data.id;
      await admin.request(UpdateSmtpServerDocument, {
        id: backupId,
        input: serverInput({ name: 'Backup relay', isDefault: true }),
      });
      const { smtpServers } = await admin.request(SmtpServersDocument);
      const defaults = smtpServers.filter((server) => server.isDefault).map((server) => server.id);
      await admin.request(UpdateSmtpServerDocument, {
        id: serverId,
        input: serverInput({ username: 'system.login', isDefault: true }),
      });

      expect(defaults).toEqual([backupId]);
    });

    it('keeps the stored password when an update omits it', async () => {
      const { smtpServers } = await admin.request(SmtpServersDocument);
      const office = smtpServers.find((server) => server.id === serverId);

      expect(office?.hasPassword).toBe(true);
      expect(office?.isDefault).toBe(true);
    });

    it('rejects an update of an unknown server as NotFoundError', async () => {
      const result = await admin.request(UpdateSmtpServerDocument, {
        id: encodeGlobalID('SmtpServer', '00000000-0000-4000-8000-000000000009'),
        input: serverInput({ name: 'Ghost' }),
      });

      expect(result.updateSmtpServer.__typename).toBe('NotFoundError');
    });
  });

  describe('all input problems at once', () => {
    interface Issue {
      field: string;
      value: string | null;
      message: string;
    }

    function issuesOf(result: { __typename: string; issues?: Issue[] }): Issue[] {
      if (result.__typename !== 'ValidationError' || !result.issues) {
        throw new Error(`expected a ValidationError, got ${result.__typename}`);
      }

      return result.issues;
    }

    it('createSmtpServer reports every invalid field', async () => {
      const result = await admin.request(CreateSmtpServerDocument, {
        input: serverInput({
          name: '',
          host: 'smtp..firma.ro',
          port: 0,
          senderAddress: 'crm-at-firma',
          username: 'u'.repeat(255),
        }),
      });
      const issues = issuesOf(result.createSmtpServer);

      expect(issues.map((issue) => issue.field)).toEqual([
        'input.name',
        'input.host',
        'input.port',
        'input.senderAddress',
        'input.username',
      ]);
      expect(issues[0]).toEqual({
        field: 'input.name',
        value: '',
        message: 'must not be empty; name the server, such as "Office relay"',
      });
      expect(issues[1]).toMatchObject({ field: 'input.host', value: 'smtp..firma.ro' });
      expect(issues[2]).toEqual({
        field: 'input.port',
        value: '0',
        message: 'must be from 1 to 65535',
      });
      expect(issues[3]).toEqual({
        field: 'input.senderAddress',
        value: 'crm-at-firma',
        message: 'must be an email address such as crm@firma.ro',
      });
      expect(issues[4]).toEqual({
        field: 'input.username',
        value: `${'u'.repeat(77)}...`,
        message: 'must be at most 254 characters, but has 255; shorten it',
      });
    });

    it('rejects a host above 253 characters naming the maximum', async () => {
      const host = `${'h'.repeat(60)}.`.repeat(5);
      const result = await admin.request(CreateSmtpServerDocument, {
        input: serverInput({ name: 'Long host', host }),
      });

      expect(issuesOf(result.createSmtpServer)).toEqual([
        {
          field: 'input.host',
          value: `${host.slice(0, 77)}...`,
          message: 'must be at most 253 characters, but has 305; shorten it',
        },
      ]);
    });

    it('updateSmtpServer reports the id and a long name', async () => {
      const result = await admin.request(UpdateSmtpServerDocument, {
        id: 'server?',
        input: serverInput({ name: 'S'.repeat(201) }),
      });
      const issues = issuesOf(result.updateSmtpServer);

      expect(issues).toEqual([
        {
          field: 'id',
          value: 'server?',
          message: 'must be the id of a SmtpServer, as its id field returns it',
        },
        {
          field: 'input.name',
          value: `${'S'.repeat(77)}...`,
          message: 'must be at most 200 characters, but has 201; shorten it',
        },
      ]);
    });

    it('updateMyMailbox reports every invalid field', async () => {
      const result = await manager.request(UpdateMyMailboxDocument, {
        input: {
          smtpServerId: 'server?',
          emailAddress: 'ana',
          username: ' ',
          password: 'p'.repeat(1025),
        },
      });
      const issues = issuesOf(result.updateMyMailbox);

      expect(issues.map((issue) => issue.field)).toEqual([
        'input.smtpServerId',
        'input.emailAddress',
        'input.username',
        'input.password',
      ]);
      expect(issues[0]).toEqual({
        field: 'input.smtpServerId',
        value: 'server?',
        message: 'must be the id of a SmtpServer, as its id field returns it',
      });
      expect(issues[1]).toEqual({
        field: 'input.emailAddress',
        value: 'ana',
        message: 'must be an email address such as ana@firma.ro',
      });
      expect(issues[2]).toEqual({
        field: 'input.username',
        value: ' ',
        message: 'must not be empty; send the login, often the email address',
      });
      expect(issues[3]).toEqual({
        field: 'input.password',
        value: null,
        message: 'must be at most 1024 characters, but has 1025; shorten it',
      });
    });
  });

  describe('mailbox', () => {
    it('reports no mailbox before one is saved', async () => {
      const { myMailbox } = await agent.request(MyMailboxDocument);
      const test = await agent.request(TestMyMailboxDocument);

      expect(myMailbox).toBeNull();
      expect(test.testMyMailbox.__typename).toBe('ValidationError');
    });

    it('requires a password for the first mailbox', async () => {
      const result = await agent.request(UpdateMyMailboxDocument, {
        input: {
          smtpServerId: serverId,
          emailAddress: 'irina@firma.test',
          username: 'irina.login',
        },
      });
      const issue =
        result.updateMyMailbox.__typename === 'ValidationError'
          ? result.updateMyMailbox.issues[0]?.field
          : result.updateMyMailbox.__typename;

      expect(issue).toBe('input.password');
    });

    it('stores the mailbox password encrypted', async () => {
      await agent.request(UpdateMyMailboxDocument, {
        input: {
          smtpServerId: serverId,
          emailAddress: 'irina@firma.test',
          username: 'irina.login',
          password: 'right-password',
        },
      });
      const [row] = await api.services.db
        .select()
        .from(userMailboxes)
        .where(eq(userMailboxes.userId, agentUser.userId));

      expect(row!.passwordEncrypted).not.toContain('right-password');
      expect(api.services.cipher.decrypt(row!.passwordEncrypted)).toBe('right-password');
    });

    it('tests a working login as ok', async () => {
      const result = await agent.request(TestMyMailboxDocument);
      const data =
        result.testMyMailbox.__typename === 'MutationTestMyMailboxSuccess'
          ? result.testMyMailbox.data
          : null;

      expect(data?.ok).toBe(true);
      expect(data?.problem).toBeNull();
    });

    it('reports a wrong password as AUTHENTICATION_FAILED', async () => {
      await agent.request(UpdateMyMailboxDocument, {
        input: {
          smtpServerId: serverId,
          emailAddress: 'irina@firma.test',
          username: 'irina.login',
          password: 'wrong-password',
        },
      });
      const result = await agent.request(TestMyMailboxDocument);
      const data =
        result.testMyMailbox.__typename === 'MutationTestMyMailboxSuccess'
          ? result.testMyMailbox.data
          : null;

      expect(data?.ok).toBe(false);
      expect(data?.problem).toBe('AUTHENTICATION_FAILED');
      expect(data?.field).toBe('mailbox.password');
      expect(data?.value).toBeNull();
      expect(data?.responseCode).toBe(535);
      expect(data?.serverAnswer).toContain('Authentication credentials invalid');
      expect(data?.message).toBe(
        `${smtp.host}:${smtp.port} rejected the login "irina.login" with the saved password; save the right username and password with updateMyMailbox`,
      );
      expect(data?.message).not.toContain('wrong-password');
    });

    it('reports an unreachable server as CONNECTION_FAILED', async () => {
      const port = await closedPort();
      const created = await admin.request(CreateSmtpServerDocument, {
        input: serverInput({ name: 'Unreachable', port }),
      });
      if (created.createSmtpServer.__typename !== 'MutationCreateSmtpServerSuccess') {
        throw new Error(created.createSmtpServer.__typename);
      }
      await agent.request(UpdateMyMailboxDocument, {
        input: {
          smtpServerId: created.createSmtpServer.data.id,
          emailAddress: 'irina@firma.test',
          username: 'irina.login',
        },
      });
      const result = await agent.request(TestMyMailboxDocument);
      const data =
        result.testMyMailbox.__typename === 'MutationTestMyMailboxSuccess'
          ? result.testMyMailbox.data
          : null;

      expect(data?.problem).toBe('CONNECTION_FAILED');
      expect(data?.field).toBe('smtpServer.port');
      expect(data?.value).toBe(String(port));
      expect(data?.message).toBe(
        `the connection to 127.0.0.1:${port} failed; check the host and port, and an admin corrects it with updateSmtpServer`,
      );
    });

    it('reports a host that does not resolve as UNKNOWN_HOST', async () => {
      // A DNS label has at most 63 characters, so the resolver rejects this name without
      // sending a query, with the same ENOTFOUND error as for a misspelt name. The API
      // rejects such a name, so the test writes the row through the service.
      const host = `${'x'.repeat(64)}.firma.test`;
      const server = await createSmtpServer(api.services.db, api.services.cipher, {
        name: 'Misspelt host',
        host,
        port: smtp.port,
        security: 'NONE',
        senderAddress: 'crm@firma.test',
        username: null,
        isDefault: false,
      });
      await agent.request(UpdateMyMailboxDocument, {
        input: {
          smtpServerId: encodeGlobalID('SmtpServer', server.id),
          emailAddress: 'irina@firma.test',
          username: 'irina.login',
        },
      });
      const result = await agent.request(TestMyMailboxDocument);
      const data =
        result.testMyMailbox.__typename === 'MutationTestMyMailboxSuccess'
          ? result.testMyMailbox.data
          : null;

      expect(data?.ok).toBe(false);
      expect(data?.problem).toBe('UNKNOWN_HOST');
      expect(data?.field).toBe('smtpServer.host');
      expect(data?.value).toBe(host);
      expect(data?.message).toBe(
        `the host name "${host}" does not resolve to an address; check its spelling, and an admin corrects it with updateSmtpServer`,
      );
      expect(data?.serverAnswer).toContain('ENOTFOUND');
    });
  });

  describe('email log', () => {
    const partnerId = '00000000-0000-4000-8000-0000000000aa';

    beforeAll(async () => {
      // One transaction each, a few milliseconds apart, so the queueing times give the order.
      for (let n = 1; n <= 12; n += 1) {
        await api.services.db.transaction((tx) =>
          queueEmail(tx, {
            senderUserId: null,
            to: [`client${n}@partner.test`],
            subject: `Offer ${n}`,
            text: 'Offer attached.',
            related:
              n % 2 === 0 ? { type: 'Partner', id: partnerId } : { type: 'Task', id: partnerId },
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    });

    it('lists the emails of one record', async () => {
      const { emailLog } = await manager.request(EmailLogDocument, {
        first: 20,
        filter: { relatedId: encodeGlobalID('Partner', partnerId), status: 'QUEUED' },
      });
      const subjects = emailLog.edges.map((edge) => edge.node.subject);

      expect(subjects).toEqual([
        'Offer 12',
        'Offer 10',
        'Offer 8',
        'Offer 6',
        'Offer 4',
        'Offer 2',
      ]);
      expect(emailLog.edges[0]!.node.relatedType).toBe('Partner');
      expect(emailLog.edges[0]!.node.fromAddress).toBe('crm@firma.test');
      expect(emailLog.edges[0]!.node.messageId).toMatch(/^<[0-9a-f-]{36}@firma\.test>$/);
    });

    it('pages through the log with a cursor', async () => {
      const first = await manager.request(EmailLogDocument, {
        first: 5,
        filter: { relatedType: 'Task' },
      });
      const second = await manager.request(EmailLogDocument, {
        first: 5,
        after: first.emailLog.pageInfo.endCursor,
        filter: { relatedType: 'Task' },
      });
      const subjects = [...first.emailLog.edges, ...second.emailLog.edges].map(
        (edge) => edge.node.subject,
      );

      expect(subjects).toEqual(['Offer 11', 'Offer 9', 'Offer 7', 'Offer 5', 'Offer 3', 'Offer 1']);
    });

    it('rejects a type that contradicts the record id', async () => {
      const result = await postGraphQL(
        api.graphqlUrl,
        'query ($filter: EmailLogFilter) { emailLog(filter: $filter) { edges { cursor } } }',
        { filter: { relatedType: 'Task', relatedId: encodeGlobalID('Partner', partnerId) } },
        managerToken,
      );

      expect(result.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    });

    it('keeps the statement count flat as the page grows', async () => {
      const query = `query ($first: Int) { emailLog(first: $first) {
        edges { node { subject sender { name } smtpServer { name } } } } }`;
      const small = await postGraphQL(api.graphqlUrl, query, { first: 2 }, managerToken);
      const large = await postGraphQL(api.graphqlUrl, query, { first: 12 }, managerToken);

      expect(large.statements).toBe(small.statements);
    });

    it('rejects the log for agents', async () => {
      await expect(agent.request(EmailLogDocument, { first: 1 })).rejects.toThrow(/not allowed/);
    });
  });
});
