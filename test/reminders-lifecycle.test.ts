import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ResolveTaskDocument,
  SetTaskReminderRulesDocument,
  UpdateTaskDocument,
} from '../sdk/index.js';
import { startWorker, type RunningWorker } from '../src/jobs/worker.js';
import { messages } from '../src/messages/tables.js';
import { reminderDeliveries, reminderRules, taskReminders } from '../src/reminders/tables.js';
import { startTestApi, type TestApi } from './support/api.js';
import { testWorkerSetup } from './support/outgoing-email.js';
import {
  eventually,
  insertTask,
  TEST_SCAN_EVERY_MS,
  testJobs,
  useDefaultSmtp,
} from './support/reminder-fixtures.js';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp-server.js';
import { createActor, type TestActor } from './support/task-fixtures.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('reminder lifecycle', () => {
  let api: TestApi;
  let smtp: TestSmtpServer;
  let worker: RunningWorker | null = null;
  let agent: TestActor;

  const db = () => api.services.db;

  function remindersOf(taskId: string) {
    return db().select().from(taskReminders).where(eq(taskReminders.taskId, taskId));
  }

  function deliveriesOf(taskId: string) {
    return db().select().from(reminderDeliveries).where(eq(reminderDeliveries.taskId, taskId));
  }

  function messagesAbout(taskId: string) {
    return db().select().from(messages).where(eq(messages.relatedId, taskId));
  }

  function delivered(taskId: string) {
    return eventually(`the delivery of task ${taskId}`, async () => {
      const rows = await deliveriesOf(taskId);

      return rows.length > 0 ? rows : undefined;
    });
  }

  /** Waits long enough for several scans and any delivery they would request. */
  function severalScans() {
    return new Promise((resolve) => setTimeout(resolve, 4 * TEST_SCAN_EVERY_MS + 1000));
  }

  async function ownTask(title: string, deadline: Date) {
    const taskId = await insertTask(db(), {
      title,
      responsibleId: agent.employeeId,
      deadline,
      creatorId: agent.userId,
    });

    return { taskId, globalId: encodeGlobalID('Task', taskId) };
  }

  beforeAll(async () => {
    api = await startTestApi();
    smtp = await startTestSmtpServer({ requireAuth: false });
    await useDefaultSmtp(db(), smtp);
    agent = await createActor(api, 'AGENT', 'Andrei Lifecycle');
  });
  afterAll(async () => {
    await worker?.stop();
    await smtp.close();
    await api.close();
  });

  it('missed email reminder is sent late', async () => {
    const { taskId } = await ownTask('Quote follow-up', new Date(Date.now() - 2 * HOUR));
    await db().insert(reminderRules).values({ taskId, channel: 'EMAIL', daysBefore: 0 });
    const setup = await testWorkerSetup();
    worker = await startWorker(api.database.url, setup.config, {
      ...setup.options,
      jobs: testJobs(),
    });
    const [delivery] = await delivered(taskId);
    const [mail] = await smtp.waitForMessages(1);
    const [reminder] = await remindersOf(taskId);

    expect(delivery!.late).toBe(true);
    expect(reminder!.late).toBe(true);
    expect(reminder!.status).toBe('SENT');
    expect(mail!.subject).toBe('Late reminder: Quote follow-up');
    expect(mail!.text).toContain('is sent late');
    expect(mail!.envelopeTo).toEqual([agent.email]);
  });

  it('rule on a past deadline is sent late', async () => {
    const { taskId, globalId } = await ownTask('Overdue call', new Date(Date.now() - DAY));
    const result = await agent.client.request(SetTaskReminderRulesDocument, {
      taskId: globalId,
      rules: [{ channel: 'MESSAGE', daysBefore: 2 }],
    });
    const [delivery] = await delivered(taskId);
    const [message] = await messagesAbout(taskId);

    expect(result.setTaskReminderRules.__typename).toBe('MutationSetTaskReminderRulesSuccess');
    expect(delivery!.late).toBe(true);
    expect(message!.title).toBe('Late reminder: Overdue call');
  });

  it('task resolved after scheduling is not reminded', async () => {
    const { taskId, globalId } = await ownTask('Resolved in time', new Date(Date.now() + 4000));
    await db().insert(reminderRules).values({ taskId, channel: 'MESSAGE', daysBefore: 0 });
    const [pending] = await eventually('the scheduled reminder', async () => {
      const rows = await remindersOf(taskId);

      return rows.length > 0 ? rows : undefined;
    });
    const result = await agent.client.request(ResolveTaskDocument, { id: globalId });
    // The reminder job deletes the reminder when it comes due. On a busy machine that can
    // happen well after the deadline, so the test waits for it instead of a fixed time.
    const remaining = await eventually('the cancelled reminder', async () => {
      const rows = await remindersOf(taskId);

      return rows.length === 0 ? rows : undefined;
    });
    await severalScans();

    expect(pending!.status).toBe('PENDING');
    expect(result.resolveTask.__typename).toBe('MutationResolveTaskSuccess');
    expect(remaining).toHaveLength(0);
    expect(await remindersOf(taskId)).toHaveLength(0);
    expect(await deliveriesOf(taskId)).toHaveLength(0);
    expect(await messagesAbout(taskId)).toHaveLength(0);
  });

  it('deadline moved before the reminder time is reminded late', async () => {
    const { taskId, globalId } = await ownTask('Moved earlier', new Date(Date.now() + 10 * DAY));
    await agent.client.request(SetTaskReminderRulesDocument, {
      taskId: globalId,
      rules: [{ channel: 'MESSAGE', daysBefore: 1 }],
    });
    await severalScans();
    const before = await remindersOf(taskId);
    const moved = new Date(Date.now() + 2 * HOUR);
    const result = await agent.client.request(UpdateTaskDocument, {
      id: globalId,
      input: { deadline: moved.toISOString() },
    });
    const [delivery] = await delivered(taskId);
    const [message] = await messagesAbout(taskId);

    expect(before).toHaveLength(0);
    expect(result.updateTask.__typename).toBe('MutationUpdateTaskSuccess');
    expect(delivery!.deadline.toISOString()).toBe(moved.toISOString());
    expect(delivery!.late).toBe(true);
    expect(message!.title).toBe('Late reminder: Moved earlier');
  });

  it('negative days before names the fix', async () => {
    const { globalId } = await ownTask('Invalid rule', new Date(Date.now() + 10 * DAY));
    const result = await agent.client.request(SetTaskReminderRulesDocument, {
      taskId: globalId,
      rules: [{ channel: 'MESSAGE', daysBefore: -1 }],
    });
    const payload = result.setTaskReminderRules;
    const issue = payload.__typename === 'ValidationError' ? payload.issues[0] : null;

    expect(issue?.field).toBe('rules.0.daysBefore');
    expect(issue?.value).toBe('-1');
    expect(issue?.message).toBe(
      'must be from 0 (at the deadline) to 30 days before it; send a number in that range',
    );
  });
});
