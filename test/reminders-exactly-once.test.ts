import { and, count, countDistinct, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/client.js';
import { scheduleFollowUps } from '../src/followups/schedule.js';
import { followUps } from '../src/followups/tables.js';
import { emailLog } from '../src/mail/outgoing/tables.js';
import { messages } from '../src/messages/tables.js';
import { opportunities, stageHistory } from '../src/opportunities/tables.js';
import { partners } from '../src/partners/tables.js';
import { reminderDeliveries, reminderRules, taskReminders } from '../src/reminders/tables.js';
import { tasks } from '../src/tasks/tables.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { testWorkerSetup } from './support/outgoing-email.js';
import { eventually, insertPerson, useDefaultSmtp } from './support/reminder-fixtures.js';
import { forkReminderWorker, type WorkerChild } from './support/reminder-processes.js';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp-server.js';

const TASKS = 400;
/** Every fourth task also has an email rule. */
const EMAIL_EVERY = 4;
const FOLLOW_UP_BATCH = 40;
/** Of each follow-up batch, this many delegates have no user and get an email instead. */
const EMAIL_DELEGATES = 10;

// NOTE: failed once in four full-suite runs on 2 cores, with no reminder delivered although the
// follow-ups were. The suspected cause, a worker losing its Agenda lock slots when a lock query
// waits longer than the 5 s lock lifetime of these jobs, is now guarded in agenda-backend.ts,
// but the failure itself was never reproduced, so the cause is unconfirmed.
describe('exactly-once delivery across worker processes', () => {
  let database: TestDatabase;
  let client: ReturnType<typeof createDatabase>;
  let smtp: TestSmtpServer;
  const workers: WorkerChild[] = [];
  let settings: Parameters<typeof forkReminderWorker>[0];
  let killedMidTransaction = false;
  const stageIds: string[] = [];

  const db = () => client.db;

  async function startWorkerProcess(name: string) {
    workers.push(await forkReminderWorker(settings, name));
  }

  /** Inserts stage rows with follow-up dates and requests their jobs, as a stage change does. */
  async function addFollowUps(partnerId: string, users: string[], outsiders: string[]) {
    const delegates = [
      ...Array.from(
        { length: FOLLOW_UP_BATCH - EMAIL_DELEGATES },
        (_, i) => users[i % users.length]!,
      ),
      ...Array.from({ length: EMAIL_DELEGATES }, (_, i) => outsiders[i % outsiders.length]!),
    ];
    await db().transaction(async (tx) => {
      const opportunityRows = await tx
        .insert(opportunities)
        .values(
          delegates.map((_, i) => ({
            title: `Burst opportunity ${stageIds.length + i}`,
            partnerId,
          })),
        )
        .returning({ id: opportunities.id });
      const stages = await tx
        .insert(stageHistory)
        .values(
          opportunityRows.map((row, i) => ({
            opportunityId: row.id,
            stage: 'OFFER' as const,
            delegateId: delegates[i]!,
            followUpAt: new Date(Date.now() + 86_400_000),
          })),
        )
        .returning({ id: stageHistory.id });
      stageIds.push(...stages.map((stage) => stage.id));
      await scheduleFollowUps(
        tx,
        stages.map((stage) => stage.id),
      );
    });
  }

  /** Waits until a worker has a delivery transaction open, then kills it with SIGKILL. */
  async function killWorkerMidDelivery(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const [busy] = await db().execute<{ application_name: string }>(sql`
        select application_name from pg_stat_activity
        where application_name like 'crm-worker-%' and xact_start is not null
          and state in ('active', 'idle in transaction')
          and (query ilike '%reminder_deliveries%' or query ilike '%task_reminders%'
            or query ilike '%"messages"%')
        limit 1`);
      const victim = workers.find((worker) => worker.applicationName === busy?.application_name);
      if (victim) {
        await victim.kill();
        workers.splice(workers.indexOf(victim), 1);
        killedMidTransaction = true;

        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('no worker had a delivery transaction open within 20 s');
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    client = createDatabase(database.url);
    smtp = await startTestSmtpServer({ requireAuth: false });
    await useDefaultSmtp(db(), smtp);
    const setup = await testWorkerSetup();
    settings = { databaseUrl: database.url, config: setup.config, options: setup.options };

    const users: Awaited<ReturnType<typeof insertPerson>>[] = [];
    for (let i = 0; i < 10; i += 1) users.push(await insertPerson(db(), `Burst User ${i}`));
    const outsiders: Awaited<ReturnType<typeof insertPerson>>[] = [];
    for (let i = 0; i < 3; i += 1)
      outsiders.push(await insertPerson(db(), `Burst Out ${i}`, false));
    const [partner] = await db()
      .insert(partners)
      .values({ name: 'Burst Partner', searchName: 'burst partner' })
      .returning({ id: partners.id });

    await Promise.all(['crm-worker-1', 'crm-worker-2', 'crm-worker-3'].map(startWorkerProcess));

    // Deadlines spread over four seconds from five seconds on, so deliveries run for a while.
    const start = Date.now() + 5000;
    const taskRows = await db()
      .insert(tasks)
      .values(
        Array.from({ length: TASKS }, (_, i) => ({
          title: `Burst task ${i}`,
          responsibleId: users[i % users.length]!.employeeId,
          deadline: new Date(start + (i % 40) * 100),
        })),
      )
      .returning({ id: tasks.id });
    await db()
      .insert(reminderRules)
      .values([
        ...taskRows.map((row) => ({ taskId: row.id, channel: 'MESSAGE' as const, daysBefore: 0 })),
        ...taskRows
          .filter((_, i) => i % EMAIL_EVERY === 0)
          .map((row) => ({ taskId: row.id, channel: 'EMAIL' as const, daysBefore: 0 })),
      ]);
    const employeeIds = users.map((user) => user.employeeId);
    const outsiderIds = outsiders.map((outsider) => outsider.employeeId);
    await addFollowUps(partner!.id, employeeIds, outsiderIds);

    await killWorkerMidDelivery();
    await addFollowUps(partner!.id, employeeIds, outsiderIds);
    await startWorkerProcess('crm-worker-4');

    await eventually(
      'every reminder and follow-up to finish',
      async () => {
        const [pending] = await db()
          .select({ value: count() })
          .from(taskReminders)
          .where(eq(taskReminders.status, 'PENDING'));
        const [recorded] = await db().select({ value: count() }).from(taskReminders);
        const [applied] = await db().select({ value: count() }).from(followUps);
        const [queued] = await db()
          .select({ value: count() })
          .from(emailLog)
          .where(ne(emailLog.status, 'SENT'));
        const done =
          pending!.value === 0 &&
          recorded!.value === TASKS + TASKS / EMAIL_EVERY &&
          applied!.value === 2 * FOLLOW_UP_BATCH &&
          queued!.value === 0;

        return done ? true : undefined;
      },
      120_000,
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await smtp.close();
    await client.close();
    await database.drop();
  });

  it('killed worker was mid-delivery', () => {
    expect(killedMidTransaction).toBe(true);
  });

  it('each reminder delivered once', async () => {
    const [deliveries] = await db().select({ value: count() }).from(reminderDeliveries);
    const [sent] = await db()
      .select({ value: count() })
      .from(taskReminders)
      .where(eq(taskReminders.status, 'SENT'));

    expect(deliveries!.value).toBe(TASKS + TASKS / EMAIL_EVERY);
    expect(sent!.value).toBe(TASKS + TASKS / EMAIL_EVERY);
  });

  it('each task has one reminder message', async () => {
    const [stats] = await db()
      .select({ total: count(), distinctTasks: countDistinct(messages.relatedId) })
      .from(messages)
      .where(eq(messages.kind, 'TASK_REMINDER'));

    expect(stats!.total).toBe(TASKS);
    expect(stats!.distinctTasks).toBe(TASKS);
  });

  it('each email rule queued one email', async () => {
    const [stats] = await db()
      .select({ total: count(), distinctTasks: countDistinct(emailLog.relatedId) })
      .from(emailLog)
      .where(eq(emailLog.relatedType, 'Task'));

    expect(stats!.total).toBe(TASKS / EMAIL_EVERY);
    expect(stats!.distinctTasks).toBe(TASKS / EMAIL_EVERY);
  });

  it('every queued email reached the server', async () => {
    const rows = await db().select({ messageId: emailLog.messageId }).from(emailLog);
    const received = new Set(smtp.messages.map((message) => message.messageId));

    // Emails from reminders and from follow-ups of delegates without a user.
    expect(rows).toHaveLength(TASKS / EMAIL_EVERY + 2 * EMAIL_DELEGATES);
    // A worker killed between the server's reply and its commit sends that email again with the
    // same Message-ID, so the count of distinct ids is what must match.
    expect(received.size).toBe(rows.length);
    expect(rows.every((row) => received.has(row.messageId))).toBe(true);
  });

  it('each stage row has one follow-up task', async () => {
    const [stats] = await db()
      .select({ total: count(), distinctStages: countDistinct(tasks.sourceStageId) })
      .from(tasks)
      .where(and(isNotNull(tasks.sourceStageId), inArray(tasks.sourceStageId, stageIds)));
    const [followUpMessages] = await db()
      .select({ total: count(), distinctTasks: countDistinct(messages.relatedId) })
      .from(messages)
      .where(eq(messages.kind, 'FOLLOW_UP_TASK'));
    const expected = 2 * (FOLLOW_UP_BATCH - EMAIL_DELEGATES);

    expect(stats!.total).toBe(expected);
    expect(stats!.distinctStages).toBe(expected);
    expect(followUpMessages!.total).toBe(expected);
    expect(followUpMessages!.distinctTasks).toBe(expected);
  });

  it('each outside delegate got one email', async () => {
    const [stats] = await db()
      .select({ total: count(), distinctOpportunities: countDistinct(emailLog.relatedId) })
      .from(emailLog)
      .where(eq(emailLog.relatedType, 'Opportunity'));

    expect(stats!.total).toBe(2 * EMAIL_DELEGATES);
    expect(stats!.distinctOpportunities).toBe(2 * EMAIL_DELEGATES);
  });
});
