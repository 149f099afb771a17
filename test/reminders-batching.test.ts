import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/client.js';
import { runWithStatementCount } from '../src/db/statement-counter.js';
import { createEventBus } from '../src/events/create-event-bus.js';
import type { ClosableEventBus } from '../src/events/event-bus.js';
import { moduleLogger } from '../src/logger.js';
import { deliverReminders } from '../src/reminders/deliver.js';
import { batchByDueTime, scheduleDueReminders } from '../src/reminders/schedule.js';
import { reminderRules, taskReminders } from '../src/reminders/tables.js';
import { tasks } from '../src/tasks/tables.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertPerson, useDefaultSmtp } from './support/reminder-fixtures.js';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp-server.js';

const DUE = new Date('2026-06-01T06:00:00Z').getTime();

function reminderAt(offsetMs: number, index: number) {
  return { id: `reminder-${index}`, dueAt: new Date(DUE + offsetMs) };
}

describe('batchByDueTime', () => {
  it('splits a burst into jobs of 50', () => {
    const burst = Array.from({ length: 120 }, (_, index) => reminderAt(0, index));
    const batches = batchByDueTime(burst);

    expect(batches.map((batch) => batch.ids.length)).toEqual([50, 50, 20]);
    expect(new Set(batches.flatMap((batch) => batch.ids)).size).toBe(120);
  });

  it('starts a new job after one second of due times', () => {
    const reminders = [0, 400, 900, 1100].map((offset, index) => reminderAt(offset, index));
    const batches = batchByDueTime(reminders);

    expect(batches.map((batch) => batch.ids)).toEqual([
      ['reminder-0', 'reminder-1', 'reminder-2'],
      ['reminder-3'],
    ]);
  });

  it('runs each job at its latest due time', () => {
    const reminders = [900, 0, 400].map((offset, index) => reminderAt(offset, index));
    const [batch] = batchByDueTime(reminders);

    expect(batch!.runAt.getTime()).toBe(DUE + 900);
  });
});

describe('reminder batch delivery', () => {
  let database: TestDatabase;
  let client: ReturnType<typeof createDatabase>;
  let smtp: TestSmtpServer;
  let events: ClosableEventBus;
  const reminderIds = { EMAIL: [] as string[], MESSAGE: [] as string[] };

  const db = () => client.db;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = createDatabase(database.url);
    events = await createEventBus(database.url, null);
    smtp = await startTestSmtpServer({ requireAuth: false });
    await useDefaultSmtp(db(), smtp);
    const person = await insertPerson(db(), 'Bianca Batch');
    const taskRows = await db()
      .insert(tasks)
      .values(
        Array.from({ length: 60 }, (_, index) => ({
          title: `Batch task ${index}`,
          responsibleId: person.employeeId,
          deadline: new Date(Date.now() - 60_000),
        })),
      )
      .returning({ id: tasks.id });
    await db()
      .insert(reminderRules)
      .values(
        taskRows.map((row, index) => ({
          taskId: row.id,
          channel: index % 2 === 0 ? ('EMAIL' as const) : ('MESSAGE' as const),
          daysBefore: 0,
        })),
      );
    await db().transaction((tx) => scheduleDueReminders(tx, { now: new Date(), lookaheadMs: 0 }));
    const reminders = await db().select().from(taskReminders);
    for (const reminder of reminders) {
      reminderIds[reminder.channel as 'EMAIL' | 'MESSAGE'].push(reminder.id);
    }
  });
  afterAll(async () => {
    await events.close();
    await smtp.close();
    await client.close();
    await database.drop();
  });

  async function deliverCounting(ids: string[]) {
    const count = { statements: 0 };
    const outcomes = await runWithStatementCount(count, () =>
      deliverReminders({ db: db(), events, log: moduleLogger('test') }, ids),
    );

    return { statements: count.statements, outcomes: [...outcomes.values()] };
  }

  it('statements do not grow with the batch size', async () => {
    const small = await deliverCounting([
      ...reminderIds.EMAIL.slice(0, 3),
      ...reminderIds.MESSAGE.slice(0, 2),
    ]);
    const large = await deliverCounting([
      ...reminderIds.EMAIL.slice(3, 28),
      ...reminderIds.MESSAGE.slice(2, 27),
    ]);

    expect(small.outcomes.every((outcome) => outcome === 'SENT')).toBe(true);
    expect(large.outcomes).toHaveLength(50);
    expect(large.outcomes.every((outcome) => outcome === 'SENT')).toBe(true);
    expect(large.statements).toBe(small.statements);
  });

  it('a repeated batch changes nothing', async () => {
    const again = await deliverCounting(reminderIds.EMAIL.slice(0, 3));

    expect(again.outcomes).toEqual(['ALREADY_DONE', 'ALREADY_DONE', 'ALREADY_DONE']);
  });
});
