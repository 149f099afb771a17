import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateApiTokenDocument,
  createCrmClient,
  CreateTaskDocument,
  EmailImportedDocument,
  LoginDocument,
  LogoutDocument,
  MessageReceivedDocument,
  RevokeApiTokenDocument,
  type SubscriptionTransport,
  TaskAssignedDocument,
  TaskUpdatedDocument,
  UpdateUserDocument,
} from '../sdk/index.js';
import { tokens } from '../src/auth/tables.js';
import { createDatabase } from '../src/db/client.js';
import * as schema from '../src/db/schema.js';
import type { EventName } from '../src/events/event-bus.js';
import { startTestApi, type TestApi } from './support/api.js';
import { watchSubscriptions } from './support/subscription-watch.js';
import { createActor, type TestActor, within } from './support/task-fixtures.js';

const WAIT_MS = 5000;

const ENDED = { done: true, value: undefined } as const;

describe('subscriptions after the token stops authenticating', () => {
  let api: TestApi;
  let probe: ReturnType<typeof watchSubscriptions>;
  let admin: TestActor;
  let manager: TestActor;
  let agentCount = 0;
  const clients: { close(): void }[] = [];

  /** Creates an agent of its own for one test, because each test ends the agent's session. */
  async function newAgent(label: string): Promise<TestActor> {
    agentCount += 1;
    const agent = await createActor(api, 'AGENT', `Agent ${agentCount} ${label}`);
    clients.push(agent.client);

    return agent;
  }

  /** Logs `agent` in once more and returns a client on that second session. */
  async function secondSession(agent: TestActor): Promise<TestActor['client']> {
    const client = createCrmClient({ url: api.graphqlUrl });
    clients.push(client);
    const login = await client.request(LoginDocument, {
      email: agent.email,
      password: agent.password,
    });
    if (login.login.__typename !== 'MutationLoginSuccess') {
      throw new Error(`login returned ${login.login.__typename}`);
    }
    client.setToken(login.login.data.token);

    return client;
  }

  /** Subscribes with `client` as `userId` and waits until the server listens. */
  async function listen<Result>(
    client: TestActor['client'],
    userId: string,
    event: EventName,
    document: TypedDocumentNode<Result, Record<string, never>>,
    transport: SubscriptionTransport,
  ): Promise<AsyncIterator<Result>> {
    const started = probe.nextStart(event, userId);
    const events = client.subscribe(document, {}, transport);
    const first = events.next();
    await within(started, WAIT_MS, `${event} to start over ${transport}`);

    // The pending first `next` is handed back, so no event is lost to a second reader.
    let pending: Promise<IteratorResult<Result>> | null = first;

    return {
      next: () => {
        const result = pending ?? events.next();
        pending = null;

        return result;
      },
      return: () => events.return?.() ?? Promise.resolve(ENDED),
    };
  }

  async function assignTask(agent: TestActor, title: string) {
    const result = await manager.client.request(CreateTaskDocument, {
      input: { title, responsibleId: agent.employeeGlobalId },
    });
    if (result.createTask.__typename !== 'MutationCreateTaskSuccess') {
      throw new Error(`createTask returned ${result.createTask.__typename}`);
    }

    return result.createTask.data;
  }

  /** Subscribes to taskAssigned and checks that a first assignment arrives. */
  async function listenToAssignments(agent: TestActor, transport: SubscriptionTransport) {
    const events = await listen(
      agent.client,
      agent.userId,
      'taskAssigned',
      TaskAssignedDocument,
      transport,
    );
    const before = await assignTask(agent, `Before the session ends (${transport})`);
    const delivered = await within(events.next(), WAIT_MS, 'the first assignment');

    expect(delivered.value?.taskAssigned.id).toBe(before.id);

    return events;
  }

  beforeAll(async () => {
    api = await startTestApi();
    probe = watchSubscriptions(api);
    admin = await createActor(api, 'ADMIN', 'Adela Admin');
    manager = await createActor(api, 'MANAGER', 'Mara Manager');
    clients.push(admin.client, manager.client);
  });
  afterEach(() => {
    for (const client of clients) client.close();
  });
  afterAll(async () => {
    await api.close();
  });

  for (const transport of ['sse', 'ws'] as const) {
    describe(`over ${transport}`, () => {
      it('taskAssigned ends after logout', async () => {
        const agent = await newAgent(`logout ${transport}`);
        const events = await listenToAssignments(agent, transport);

        const logout = await agent.client.request(LogoutDocument);
        await assignTask(agent, `After logout (${transport})`);
        const next = await within(events.next(), WAIT_MS, 'the end of the stream');

        expect(logout.logout.__typename).toBe('MutationLogoutSuccess');
        expect(next).toEqual(ENDED);
      });

      it('taskAssigned ends after the user is deactivated', async () => {
        const agent = await newAgent(`deactivated ${transport}`);
        const events = await listenToAssignments(agent, transport);

        const update = await admin.client.request(UpdateUserDocument, {
          id: encodeGlobalID('User', agent.userId),
          active: false,
        });
        await assignTask(agent, `After deactivation (${transport})`);
        const next = await within(events.next(), WAIT_MS, 'the end of the stream');

        expect(update.updateUser.__typename).toBe('MutationUpdateUserSuccess');
        expect(next).toEqual(ENDED);
      });

      it('taskAssigned ends after the session expires', async () => {
        const agent = await newAgent(`expired ${transport}`);
        const events = await listenToAssignments(agent, transport);

        // Moves the expiry into the past, as if the session lifetime had run out.
        await api.services.db
          .update(tokens)
          .set({ expiresAt: sql`now() - interval '1 minute'` })
          .where(eq(tokens.userId, agent.userId));
        await assignTask(agent, `After expiry (${transport})`);
        const next = await within(events.next(), WAIT_MS, 'the end of the stream');

        expect(next).toEqual(ENDED);
      });

      it('taskAssigned ends after its API token is revoked', async () => {
        const agent = await newAgent(`API token ${transport}`);
        const created = await admin.client.request(CreateApiTokenDocument, {
          userId: encodeGlobalID('User', agent.userId),
          name: `Integration (${transport})`,
        });
        if (created.createApiToken.__typename !== 'MutationCreateApiTokenSuccess') {
          throw new Error(`createApiToken returned ${created.createApiToken.__typename}`);
        }
        const integration = createCrmClient({
          url: api.graphqlUrl,
          token: created.createApiToken.data.token,
        });
        clients.push(integration);
        const events = await listenToAssignments({ ...agent, client: integration }, transport);

        const revoked = await admin.client.request(RevokeApiTokenDocument, {
          id: created.createApiToken.data.apiToken.id,
        });
        await assignTask(agent, `After revocation (${transport})`);
        const next = await within(events.next(), WAIT_MS, 'the end of the stream');

        expect(revoked.revokeApiToken.__typename).toBe('MutationRevokeApiTokenSuccess');
        expect(next).toEqual(ENDED);
      });

      it('taskAssigned keeps the other session after logout', async () => {
        const agent = await newAgent(`two sessions ${transport}`);
        const loggedOut = await listenToAssignments(agent, transport);
        const otherSession = await listen(
          await secondSession(agent),
          agent.userId,
          'taskAssigned',
          TaskAssignedDocument,
          transport,
        );

        // One event reaches both sessions at once, so one token check covers a valid and a
        // logged-out token.
        await agent.client.request(LogoutDocument);
        const after = await assignTask(agent, `After one logout (${transport})`);
        const otherNext = await within(
          otherSession.next(),
          WAIT_MS,
          'the assignment on the other session',
        );
        const loggedOutNext = await within(loggedOut.next(), WAIT_MS, 'the end of the stream');

        expect(otherNext.value?.taskAssigned.id).toBe(after.id);
        expect(loggedOutNext).toEqual(ENDED);
      });

      it('every subscription field ends after logout', async () => {
        const agent = await newAgent(`all fields ${transport}`);
        const streams: Record<string, AsyncIterator<unknown>> = {
          taskAssigned: await listen(
            agent.client,
            agent.userId,
            'taskAssigned',
            TaskAssignedDocument,
            transport,
          ),
          taskUpdated: await listen(
            agent.client,
            agent.userId,
            'taskUpdated',
            TaskUpdatedDocument,
            transport,
          ),
          messageReceived: await listen(
            agent.client,
            agent.userId,
            'messageReceived',
            MessageReceivedDocument,
            transport,
          ),
          emailImported: await listen(
            agent.client,
            agent.userId,
            'emailImported',
            EmailImportedDocument,
            transport,
          ),
        };

        await agent.client.request(LogoutDocument);
        // Published straight on the server's bus: the stream must end before any id is loaded.
        const unknownId = '00000000-0000-0000-0000-000000000000';
        const { events } = api.services;
        events.publish('taskAssigned', { userId: agent.userId, taskId: unknownId });
        events.publish('taskUpdated', { userId: agent.userId, taskId: unknownId, change: 'edit' });
        events.publish('messageReceived', { userId: agent.userId, messageId: unknownId });
        events.publish('emailImported', { userId: agent.userId, emailId: unknownId });

        for (const [field, stream] of Object.entries(streams)) {
          const next = await within(stream.next(), WAIT_MS, `the end of ${field}`);

          expect(next, field).toEqual(ENDED);
        }
      });
    });
  }

  it('checks the tokens of all subscribers of an event in one statement', async () => {
    const agent = await newAgent('one token check');
    const other = await secondSession(agent);
    const task = await assignTask(agent, 'Seen by three subscriptions');
    // Subscriptions opened from here on read through a client that counts the token checks.
    const counted = createDatabase(api.database.url, { max: 2 });
    let tokenChecks = 0;
    const services = api.services;
    const db = services.db;
    services.db = drizzle(counted.sql, {
      schema,
      casing: 'snake_case',
      logger: {
        logQuery: (query) => {
          if (query.includes('"tokens"."id" = any')) tokenChecks += 1;
        },
      },
    });
    try {
      const streams = [
        await listen(agent.client, agent.userId, 'taskAssigned', TaskAssignedDocument, 'ws'),
        await listen(agent.client, agent.userId, 'taskAssigned', TaskAssignedDocument, 'sse'),
        await listen(other, agent.userId, 'taskAssigned', TaskAssignedDocument, 'ws'),
      ];
      services.events.publish('taskAssigned', {
        userId: agent.userId,
        taskId: decodeGlobalID(task.id).id,
      });
      const delivered = await Promise.all(
        streams.map((stream) => within(stream.next(), WAIT_MS, 'the assignment')),
      );

      expect(delivered.map((next) => next.value?.taskAssigned.id)).toEqual([
        task.id,
        task.id,
        task.id,
      ]);
      expect(tokenChecks).toBe(1);
    } finally {
      services.db = db;
      agent.client.close();
      other.close();
      await counted.close();
    }
  });
});
