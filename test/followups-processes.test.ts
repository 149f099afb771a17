import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdvanceOpportunityStageDocument,
  createCrmClient,
  type CrmClient,
  LoginDocument,
  MessageReceivedDocument,
  TaskAssignedDocument,
} from '../sdk/index.js';
import { hashPassword } from '../src/auth/passwords.js';
import { users } from '../src/auth/tables.js';
import { createDatabase } from '../src/db/client.js';
import { employees } from '../src/employees/tables.js';
import { opportunities, stageHistory } from '../src/opportunities/tables.js';
import { partners } from '../src/partners/tables.js';
import { tasks } from '../src/tasks/tables.js';
import { type CrmChild, forkCrmChild } from './support/child-process.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { TEST_CRM_SECRET, testWorkerSetup } from './support/outgoing-email.js';
import { within } from './support/task-fixtures.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'follow-up-password-1';

for (const transport of ['postgres', 'redis'] as const) {
  describe(`follow-up events over ${transport}`, () => {
    let database: TestDatabase;
    let client: ReturnType<typeof createDatabase>;
    let writerApi: CrmChild;
    let readerApi: CrmChild;
    let worker: CrmChild;
    let manager: CrmClient;
    let delegate: CrmClient;
    let delegateEmployeeId: string;

    async function insertUser(name: string, role: 'MANAGER' | 'AGENT') {
      const email = `${name.toLowerCase().replace(/\W+/g, '.')}@crm.test`;
      const [user] = await client.db
        .insert(users)
        .values({ email, name, role, passwordHash: await hashPassword(PASSWORD) })
        .returning({ id: users.id });
      const [employee] = await client.db
        .insert(employees)
        .values({ name, email, userId: user!.id })
        .returning({ id: employees.id });

      return { email, employeeId: employee!.id };
    }

    async function logIn(url: string, email: string): Promise<CrmClient> {
      const sdk = createCrmClient({ url: `${url}/graphql` });
      const result = await sdk.request(LoginDocument, { email, password: PASSWORD });
      if (result.login.__typename !== 'MutationLoginSuccess') throw new Error(result.login.message);
      sdk.setToken(result.login.data.token);

      return sdk;
    }

    beforeAll(async () => {
      database = await createTestDatabase();
      client = createDatabase(database.url);
      const config = {
        MONGODB_URL: null,
        REDIS_URL: transport === 'redis' ? REDIS_URL : null,
        DATA_DIR: await mkdtemp(join(tmpdir(), 'crm-follow-ups-')),
        CRM_SECRET: TEST_CRM_SECRET,
      };
      const settings = { databaseUrl: database.url, config };
      const { options } = await testWorkerSetup();
      [writerApi, readerApi, worker] = await Promise.all([
        forkCrmChild('api', settings),
        forkCrmChild('api', settings),
        forkCrmChild('worker', { ...settings, options }),
      ]);
      const managerUser = await insertUser(`Mara ${transport}`, 'MANAGER');
      const delegateUser = await insertUser(`Dan ${transport}`, 'AGENT');
      delegateEmployeeId = delegateUser.employeeId;
      manager = await logIn(writerApi.url!, managerUser.email);
      delegate = await logIn(readerApi.url!, delegateUser.email);
    }, 120_000);
    afterAll(async () => {
      delegate?.close();
      await Promise.all([writerApi?.stop(), readerApi?.stop(), worker?.stop()]);
      await client.close();
      await database.drop();
    });

    it('worker follow-up reaches another api', async () => {
      const assigned = delegate.subscribe(TaskAssignedDocument, {});
      const received = delegate.subscribe(MessageReceivedDocument, {});
      const firstAssigned = assigned.next();
      const firstMessage = received.next();
      // Both subscriptions must be listening in the reader api before the stage changes.
      await new Promise((resolve) => setTimeout(resolve, 1500));

      const [partner] = await client.db
        .insert(partners)
        .values({ name: 'Cross Process SRL', searchName: 'cross process srl' })
        .returning({ id: partners.id });
      const [opportunity] = await client.db
        .insert(opportunities)
        .values({ title: `Cross-process ${transport}`, partnerId: partner!.id })
        .returning({ id: opportunities.id });
      const result = await manager.request(AdvanceOpportunityStageDocument, {
        id: encodeGlobalID('Opportunity', opportunity!.id),
        input: {
          stage: 'PRESENTATION',
          delegateId: encodeGlobalID('Employee', delegateEmployeeId),
          followUpAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      });
      const taskEvent = await within(firstAssigned, 15_000, 'taskAssigned in the reader api');
      const messageEvent = await within(firstMessage, 15_000, 'messageReceived in the reader api');
      const [stage] = await client.db
        .select({ id: stageHistory.id })
        .from(stageHistory)
        .where(eq(stageHistory.opportunityId, opportunity!.id));
      const [task] = await client.db
        .select({ id: tasks.id })
        .from(tasks)
        .where(eq(tasks.sourceStageId, stage!.id));

      expect(result.advanceOpportunityStage.__typename).toBe(
        'MutationAdvanceOpportunityStageSuccess',
      );
      expect(taskEvent.value?.taskAssigned.id).toBe(encodeGlobalID('Task', task!.id));
      expect(taskEvent.value?.taskAssigned.title).toBe(
        `Follow-up (Presentation): Cross-process ${transport}`,
      );
      expect(messageEvent.value?.messageReceived.kind).toBe('FOLLOW_UP_TASK');
      expect(messageEvent.value?.messageReceived.relatedId).toBe(encodeGlobalID('Task', task!.id));
    });
  });
}
