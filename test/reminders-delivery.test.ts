import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClearTaskReminderRulesDocument,
  SetTaskReminderRulesDocument,
  TaskReminderRulesDocument,
  UpdateSettingsDocument,
} from '../sdk/index.js';
import { startWorker, type RunningWorker } from '../src/jobs/worker.js';
import { messages } from '../src/messages/tables.js';
import { reminderDeliveries, reminderRules, taskReminders } from '../src/reminders/tables.js';
import { tasks } from '../src/tasks/tables.js';
import { startTestApi, type TestApi } from './support/api.js';
import { postGraphQL } from './support/graphql.js';
import { testWorkerSetup } from './support/outgoing-email.js';
import {
  eventually,
  insertPerson,
  insertTask,
  testJobs,
  useDefaultSmtp,
} from './support/reminder-fixtures.js';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp-server.js';
import { createActor, type TestActor } from './support/task-fixtures.js';

const SECOND = 1000;

describe('task reminders', () => {
  let api: TestApi;
  let smtp: TestSmtpServer;
  let worker: RunningWorker | null = null;
  let manager: TestActor;
  let agent: TestActor;

  const db = () => api.services.db;

  async function startTestWorker() {
    const setup = await testWorkerSetup();
    worker = await startWorker(api.database.url, setup.config, {
      ...setup.options,
      jobs: testJobs(),
    });
  }

  function remindersOf(taskId: string) {
    return db().select().from(taskReminders).where(eq(taskReminders.taskId, taskId));
  }

  function deliveriesOf(taskId: string) {
    return db().select().from(reminderDeliveries).where(eq(reminderDeliveries.taskId, taskId));
  }

  function messagesAbout(taskId: string) {
    return db().select().from(messages).where(eq(messages.relatedId, taskId));
  }

  async function addRule(taskId: string, channel: 'EMAIL' | 'MESSAGE' | 'BOTH', daysBefore = 0) {
    await db().insert(reminderRules).values({ taskId, channel, daysBefore });
  }

  async function delivered(taskId: string, count = 1) {
    return eventually(`${count} deliveries of task ${taskId}`, async () => {
      const rows = await deliveriesOf(taskId);

      return rows.length >= count ? rows : undefined;
    });
  }

  beforeAll(async () => {
    api = await startTestApi();
    smtp = await startTestSmtpServer({ requireAuth: false });
    await useDefaultSmtp(db(), smtp);
    manager = await createActor(api, 'MANAGER', 'Mara Reminders');
    agent = await createActor(api, 'AGENT', 'Andrei Reminders');
  });
  afterAll(async () => {
    await worker?.stop();
    await smtp.close();
    await api.close();
  });

  it('missed reminder is sent late at worker start', async () => {
    const taskId = await insertTask(db(), {
      title: 'Missed while stopped',
      responsibleId: agent.employeeId,
      deadline: new Date(Date.now() - 2 * SECOND),
    });
    await addRule(taskId, 'MESSAGE');
    await startTestWorker();
    const [delivery] = await delivered(taskId);
    const [reminder] = await remindersOf(taskId);
    const [message] = await messagesAbout(taskId);

    expect(delivery!.late).toBe(true);
    expect(reminder!.late).toBe(true);
    expect(reminder!.status).toBe('SENT');
    expect(message!.userId).toBe(agent.userId);
    expect(message!.title).toBe('Late reminder: Missed while stopped');
  });

  it('reminder on time is not late', async () => {
    const deadline = new Date(Date.now() + 3 * SECOND);
    const taskId = await insertTask(db(), {
      title: 'Due in three seconds',
      responsibleId: agent.employeeId,
      deadline,
    });
    await addRule(taskId, 'MESSAGE');
    const [delivery] = await delivered(taskId);
    const [message] = await messagesAbout(taskId);

    expect(delivery!.late).toBe(false);
    expect(delivery!.deliveredAt.getTime()).toBeGreaterThanOrEqual(deadline.getTime());
    expect(message!.title).toBe('Reminder: Due in three seconds');
    expect(message!.kind).toBe('TASK_REMINDER');
  });

  it('email reminder is auto-submitted', async () => {
    const before = smtp.messages.length;
    const taskId = await insertTask(db(), {
      title: 'Email me',
      responsibleId: agent.employeeId,
      deadline: new Date(Date.now() + SECOND),
    });
    await addRule(taskId, 'EMAIL');
    const [delivery] = await delivered(taskId);
    const [mail] = (await smtp.waitForMessages(before + 1)).slice(before);

    expect(delivery!.emailId).not.toBeNull();
    expect(mail!.subject).toBe('Reminder: Email me');
    expect(mail!.envelopeTo).toEqual([agent.email]);
    expect(mail!.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('email reminder reaches responsible without user', async () => {
    const outsider = await insertPerson(db(), 'Olga Outside', false);
    const taskId = await insertTask(db(), {
      title: 'No login needed',
      responsibleId: outsider.employeeId,
      deadline: new Date(Date.now() + SECOND),
    });
    await addRule(taskId, 'EMAIL');
    const [delivery] = await delivered(taskId);
    const mail = await eventually('the email to the outsider', async () =>
      smtp.messages.find((message) => message.subject === 'Reminder: No login needed'),
    );

    expect(delivery!.channel).toBe('EMAIL');
    expect(mail.envelopeTo).toEqual([outsider.email]);
  });

  it('BOTH sends an email and a message', async () => {
    const taskId = await insertTask(db(), {
      title: 'Both channels',
      responsibleId: agent.employeeId,
      deadline: new Date(Date.now() + SECOND),
    });
    await addRule(taskId, 'BOTH');
    const rows = await delivered(taskId, 2);

    expect(rows.map((row) => row.channel).sort()).toEqual(['EMAIL', 'MESSAGE']);
    expect(await messagesAbout(taskId)).toHaveLength(1);
  });

  it('resolved task is not reminded', async () => {
    const deadline = new Date(Date.now() + 2 * SECOND);
    const resolvedId = await insertTask(db(), {
      title: 'Resolved early',
      responsibleId: agent.employeeId,
      deadline,
    });
    const controlId = await insertTask(db(), {
      title: 'Control for resolved',
      responsibleId: agent.employeeId,
      deadline,
    });
    await addRule(resolvedId, 'MESSAGE');
    await addRule(controlId, 'MESSAGE');
    await db()
      .update(tasks)
      .set({ status: 'RESOLVED', resolvedAt: new Date() })
      .where(eq(tasks.id, resolvedId));
    await delivered(controlId);

    expect(await deliveriesOf(resolvedId)).toHaveLength(0);
    expect(await messagesAbout(resolvedId)).toHaveLength(0);
  });

  it('moved deadline reschedules the reminder', async () => {
    const first = new Date(Date.now() + 4 * SECOND);
    const moved = new Date(Date.now() + 7 * SECOND);
    const taskId = await insertTask(db(), {
      title: 'Moved deadline',
      responsibleId: agent.employeeId,
      deadline: first,
    });
    await addRule(taskId, 'MESSAGE');
    await eventually('the reminder of the first deadline', async () => {
      const rows = await remindersOf(taskId);

      return rows.length > 0 ? rows : undefined;
    });
    await db().update(tasks).set({ deadline: moved }).where(eq(tasks.id, taskId));
    const [delivery] = await delivered(taskId);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const reminders = await remindersOf(taskId);

    expect(delivery!.deadline.toISOString()).toBe(moved.toISOString());
    expect(delivery!.deliveredAt.getTime()).toBeGreaterThanOrEqual(moved.getTime());
    expect(await deliveriesOf(taskId)).toHaveLength(1);
    expect(reminders.map((row) => row.deadline.toISOString())).toEqual([moved.toISOString()]);
    expect(await messagesAbout(taskId)).toHaveLength(1);
  });

  it('switched-off channel is skipped without backlog', async () => {
    await setSwitches({ messageRemindersEnabled: false });
    const taskId = await insertTask(db(), {
      title: 'Messages off',
      responsibleId: agent.employeeId,
      deadline: new Date(Date.now() + SECOND),
    });
    await addRule(taskId, 'MESSAGE');
    const [reminder] = await eventually('the skipped reminder', async () => {
      const rows = await remindersOf(taskId);

      return rows[0]?.status === 'SKIPPED' ? rows : undefined;
    });
    await setSwitches({ messageRemindersEnabled: true });
    await new Promise((resolve) => setTimeout(resolve, 1500));

    expect(reminder!.skipReason).toBe('MESSAGE_REMINDERS_OFF');
    expect(await deliveriesOf(taskId)).toHaveLength(0);
    expect(await messagesAbout(taskId)).toHaveLength(0);
  });

  async function setSwitches(input: { messageRemindersEnabled: boolean }) {
    const admin = await createActor(api, 'ADMIN', `Admin ${Math.random().toString(36).slice(2)}`);
    const result = await admin.client.request(UpdateSettingsDocument, { input });
    if (result.updateSettings.__typename !== 'MutationUpdateSettingsSuccess') {
      throw new Error(result.updateSettings.__typename);
    }
  }

  describe('rules over GraphQL', () => {
    async function ownTask(deadline: Date) {
      const taskId = await insertTask(db(), {
        title: 'Rules over GraphQL',
        responsibleId: agent.employeeId,
        deadline,
        creatorId: agent.userId,
      });

      return { taskId, globalId: encodeGlobalID('Task', taskId) };
    }

    it('days before 31 is a validation error', async () => {
      const { globalId } = await ownTask(new Date(Date.now() + 40 * 86_400_000));
      const result = await agent.client.request(SetTaskReminderRulesDocument, {
        taskId: globalId,
        rules: [{ channel: 'EMAIL', daysBefore: 31 }],
      });
      const payload = result.setTaskReminderRules;
      if (payload.__typename !== 'ValidationError') throw new Error(payload.__typename);

      expect(payload.issues).toHaveLength(1);
      expect(payload.issues[0]!.field).toBe('rules.0.daysBefore');
      expect(payload.issues[0]!.value).toBe('31');
      expect(payload.issues[0]!.message).toMatch(/from 0 .* to 30 days/);
    });

    it('negative days before is a validation error', async () => {
      const { globalId } = await ownTask(new Date(Date.now() + 40 * 86_400_000));
      const result = await agent.client.request(SetTaskReminderRulesDocument, {
        taskId: globalId,
        rules: [{ channel: 'MESSAGE', daysBefore: -1 }],
      });
      const payload = result.setTaskReminderRules;
      if (payload.__typename !== 'ValidationError') throw new Error(payload.__typename);

      expect(payload.issues[0]!.field).toBe('rules.0.daysBefore');
      expect(payload.issues[0]!.value).toBe('-1');
    });

    it('omitted days before takes the default', async () => {
      const deadline = new Date('2027-11-01T07:00:00Z');
      const { globalId } = await ownTask(deadline);
      const result = await agent.client.request(SetTaskReminderRulesDocument, {
        taskId: globalId,
        rules: [{ channel: 'EMAIL' }, { channel: 'MESSAGE', daysBefore: 3 }],
      });
      const payload = result.setTaskReminderRules;
      if (payload.__typename !== 'MutationSetTaskReminderRulesSuccess') {
        throw new Error(payload.__typename);
      }
      const rules = payload.data.reminderRules;

      expect(rules.map((rule) => [rule.channel, rule.daysBefore])).toEqual([
        ['EMAIL', 1],
        ['MESSAGE', 3],
      ]);
      // The deadline is Monday 09:00 EET, after the October change; Friday 09:00 is EEST.
      expect(rules[1]!.remindAt).toBe('2027-10-29T06:00:00.000Z');
    });

    it('remindAt keeps local time across March', async () => {
      const { globalId } = await ownTask(new Date('2027-03-30T06:00:00Z'));
      await agent.client.request(SetTaskReminderRulesDocument, {
        taskId: globalId,
        rules: [{ channel: 'MESSAGE', daysBefore: 3 }],
      });
      const result = await agent.client.request(TaskReminderRulesDocument, { id: globalId });
      const node = result.node;
      if (node?.__typename !== 'Task') throw new Error(`no task: ${node?.__typename}`);

      expect(node.reminderRules[0]!.remindAt).toBe('2027-03-27T07:00:00.000Z');
    });

    it('rule set after its time is sent at once, late', async () => {
      const deadline = new Date(Date.now() + 3_600_000);
      const { taskId, globalId } = await ownTask(deadline);
      await agent.client.request(SetTaskReminderRulesDocument, {
        taskId: globalId,
        rules: [{ channel: 'MESSAGE', daysBefore: 1 }],
      });
      const [delivery] = await delivered(taskId);
      const [message] = await messagesAbout(taskId);

      expect(delivery!.late).toBe(true);
      expect(message!.title).toBe('Late reminder: Rules over GraphQL');
    });

    it('setting the same rule again sends nothing new', async () => {
      const { taskId, globalId } = await ownTask(new Date(Date.now() + 3_600_000));
      const rules = [{ channel: 'MESSAGE' as const, daysBefore: 1 }];
      await agent.client.request(SetTaskReminderRulesDocument, { taskId: globalId, rules });
      await delivered(taskId);
      await agent.client.request(SetTaskReminderRulesDocument, { taskId: globalId, rules });
      await new Promise((resolve) => setTimeout(resolve, 1500));

      expect(await deliveriesOf(taskId)).toHaveLength(1);
      expect(await messagesAbout(taskId)).toHaveLength(1);
    });

    it('rule list statements do not grow', async () => {
      for (let i = 0; i < 12; i += 1) {
        const { taskId } = await ownTask(new Date(Date.now() + (10 + i) * 86_400_000));
        await addRule(taskId, 'BOTH', 2);
      }
      const query = `query ($first: Int) {
        tasks(first: $first, orderBy: DEADLINE_ASC) {
          edges { node { id reminderRules { id remindAt reminders { status } } } }
        }
      }`;
      const login = await postGraphQL<{ login: { data: { token: string } } }>(
        api.graphqlUrl,
        `mutation ($email: String!, $password: String!) {
          login(email: $email, password: $password) { ... on MutationLoginSuccess { data { token } } }
        }`,
        { email: manager.email, password: manager.password },
      );
      const token = login.data!.login.data.token;
      const small = await postGraphQL(api.graphqlUrl, query, { first: 2 }, token);
      const large = await postGraphQL(api.graphqlUrl, query, { first: 12 }, token);

      expect(small.errors).toBeUndefined();
      expect(large.errors).toBeUndefined();
      expect(large.statements).toBe(small.statements);
    });

    it("agent may not set another's task rules", async () => {
      const taskId = await insertTask(db(), {
        title: "Manager's own",
        responsibleId: manager.employeeId,
        deadline: new Date(Date.now() + 86_400_000),
        creatorId: manager.userId,
      });
      const result = await agent.client.request(SetTaskReminderRulesDocument, {
        taskId: encodeGlobalID('Task', taskId),
        rules: [{ channel: 'EMAIL', daysBefore: 1 }],
      });

      expect(result.setTaskReminderRules.__typename).toBe('ForbiddenError');
      expect(
        await db().select().from(reminderRules).where(eq(reminderRules.taskId, taskId)),
      ).toHaveLength(0);
    });

    it('manager may clear any task rules', async () => {
      const { taskId, globalId } = await ownTask(new Date(Date.now() + 86_400_000 * 5));
      await addRule(taskId, 'EMAIL', 2);
      const result = await manager.client.request(ClearTaskReminderRulesDocument, {
        taskId: globalId,
      });

      expect(result.clearTaskReminderRules.__typename).toBe(
        'MutationClearTaskReminderRulesSuccess',
      );
      expect(
        await db()
          .select()
          .from(reminderRules)
          .where(and(eq(reminderRules.taskId, taskId))),
      ).toHaveLength(0);
    });
  });
});
