import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmClient, LoginDocument, TaskAssignedDocument } from '../sdk/index.js';
import { hashPassword } from '../src/auth/passwords.js';
import { users } from '../src/auth/tables.js';
import { createDatabase } from '../src/db/client.js';
import { employees } from '../src/employees/tables.js';
import { tasks } from '../src/tasks/tables.js';
import { forkCrmChild, type CrmChild } from './support/child-process.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { TEST_CRM_SECRET, testWorkerSetup } from './support/outgoing-email.js';

function taskIdOf(payload: object): unknown {
  return 'taskId' in payload ? payload.taskId : null;
}

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

for (const transport of ['postgres', 'redis'] as const) {
  describe(`events over ${transport}`, () => {
    let database: TestDatabase;
    let publisher: CrmChild;
    let subscriber: CrmChild;
    let worker: CrmChild;

    beforeAll(async () => {
      database = await createTestDatabase();
      const config = {
        MONGODB_URL: null,
        REDIS_URL: transport === 'redis' ? REDIS_URL : null,
        DATA_DIR: await mkdtemp(join(tmpdir(), 'crm-events-')),
        CRM_SECRET: TEST_CRM_SECRET,
      };
      const settings = { databaseUrl: database.url, config };
      const { options } = await testWorkerSetup();
      [publisher, subscriber, worker] = await Promise.all([
        forkCrmChild('api', settings),
        forkCrmChild('api', settings),
        forkCrmChild('worker', { ...settings, options }),
      ]);
    }, 120_000);
    afterAll(async () => {
      await Promise.all([publisher?.stop(), subscriber?.stop(), worker?.stop()]);
      await database.drop();
    });

    async function subscribe(userId: string) {
      subscriber.send({ type: 'subscribe', event: 'taskAssigned', userId });
      await subscriber.waitFor(
        (message) => message.type === 'subscribed' && message.userId === userId,
      );
    }

    function received(userId: string) {
      return subscriber.waitFor(
        (message) => message.type === 'event' && message.payload.userId === userId,
        10_000,
      );
    }

    it('delivers an api event to another api process', async () => {
      const userId = randomUUID();
      const taskId = randomUUID();
      await subscribe(userId);
      publisher.send({ type: 'publish', event: 'taskAssigned', payload: { userId, taskId } });
      const message = await received(userId);

      expect(message).toEqual({
        type: 'event',
        event: 'taskAssigned',
        payload: { userId, taskId },
      });
    });

    it('delivers a worker event to an api process', async () => {
      const userId = randomUUID();
      const taskId = randomUUID();
      await subscribe(userId);
      worker.send({ type: 'publish', event: 'taskAssigned', payload: { userId, taskId } });
      const message = await received(userId);

      expect(message).toEqual({
        type: 'event',
        event: 'taskAssigned',
        payload: { userId, taskId },
      });
    });

    it('delivers each event once, in publish order', async () => {
      const userId = randomUUID();
      const taskIds = [randomUUID(), randomUUID(), randomUUID()];
      await subscribe(userId);
      for (const taskId of taskIds) {
        publisher.send({ type: 'publish', event: 'taskAssigned', payload: { userId, taskId } });
      }
      await subscriber.waitFor(
        (message) => message.type === 'event' && taskIdOf(message.payload) === taskIds[2],
        10_000,
      );
      // Time for a duplicate to arrive, if there were one.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const delivered = subscriber.messages
        .filter((message) => message.type === 'event' && message.payload.userId === userId)
        .map((message) => (message.type === 'event' ? taskIdOf(message.payload) : null));

      expect(delivered).toEqual(taskIds);
    });

    it('reaches a GraphQL subscription on another api process', async () => {
      const client = createDatabase(database.url, { max: 1 });
      const [user] = await client.db
        .insert(users)
        .values({
          email: `watcher.${transport}@crm.test`,
          name: 'Watcher',
          role: 'MANAGER',
          passwordHash: await hashPassword('watcher-password'),
        })
        .returning();
      const [employee] = await client.db
        .insert(employees)
        .values({ name: 'Watcher', userId: user!.id })
        .returning();
      const [task] = await client.db
        .insert(tasks)
        .values({ title: 'Call the client back', responsibleId: employee!.id })
        .returning();
      await client.close();

      const sdk = createCrmClient({ url: `${subscriber.url}/graphql` });
      const login = await sdk.request(LoginDocument, {
        email: `watcher.${transport}@crm.test`,
        password: 'watcher-password',
      });
      if (login.login.__typename !== 'MutationLoginSuccess')
        throw new Error(login.login.__typename);
      sdk.setToken(login.login.data.token);
      const stream = sdk.subscribe(TaskAssignedDocument, {}, 'sse');
      const first = stream.next();
      // The subscription starts listening at some point after the request; publish until it
      // has, bounded by the test timeout.
      const publish = setInterval(() => {
        publisher.send({
          type: 'publish',
          event: 'taskAssigned',
          payload: { userId: user!.id, taskId: task!.id },
        });
      }, 200);
      const result = await first.finally(() => clearInterval(publish));
      sdk.close();

      expect(result.value?.taskAssigned.title).toBe('Call the client back');
    });

    it("keeps one user's events from another user's subscriber", async () => {
      const watcher = randomUUID();
      const other = randomUUID();
      await subscribe(watcher);
      publisher.send({
        type: 'publish',
        event: 'taskAssigned',
        payload: { userId: other, taskId: randomUUID() },
      });
      publisher.send({
        type: 'publish',
        event: 'taskAssigned',
        payload: { userId: watcher, taskId: randomUUID() },
      });
      await received(watcher);

      expect(
        subscriber.messages.some(
          (message) => message.type === 'event' && message.payload.userId === other,
        ),
      ).toBe(false);
    });
  });
}
