import { hashPassword } from '../../src/auth/passwords.js';
import { users } from '../../src/auth/tables.js';
import type { Database } from '../../src/db/client.js';
import { employees } from '../../src/employees/tables.js';
import { followUpJobs } from '../../src/followups/jobs.js';
import type { JobDefinition } from '../../src/jobs/job-definition.js';
import { jobRegistry } from '../../src/jobs/registry.js';
import { createSmtpServer } from '../../src/mail/outgoing/smtp-servers.js';
import { createReminderJobs, reminderJobs } from '../../src/reminders/jobs.js';
import { tasks } from '../../src/tasks/tables.js';
import { testCipher } from './outgoing-email.js';
import type { TestSmtpServer } from './smtp-server.js';

/** Milliseconds between reminder scans in test workers. */
export const TEST_SCAN_EVERY_MS = 500;

/**
 * Returns the registry's jobs with test timings: reminder scans every half second, and locks of a killed
 * worker's reminder and follow-up jobs that expire after 5 s instead of a minute. Other jobs keep
 * their lock lifetime unless `otherLockMs` is given.
 */
export function testJobs(options: { otherLockMs?: number } = {}): JobDefinition[] {
  const replaced = new Set([...reminderJobs, ...followUpJobs].map((job) => job.name));
  const fast = createReminderJobs({ scanEveryMs: TEST_SCAN_EVERY_MS, deliveryLockMs: 5000 });
  const followUps = followUpJobs.map((job) => ({
    ...job,
    options: { ...job.options, lockLifetimeMs: 5000 },
  }));
  const others = jobRegistry
    .filter((job) => !replaced.has(job.name))
    .map((job) =>
      options.otherLockMs
        ? { ...job, options: { ...job.options, lockLifetimeMs: options.otherLockMs } }
        : job,
    );

  return [...others, ...fast, ...followUps];
}

/** Makes the in-process SMTP server the default server for emails the system sends. */
export async function useDefaultSmtp(db: Database, smtp: TestSmtpServer): Promise<void> {
  await createSmtpServer(db, testCipher, {
    name: `system-${smtp.port}`,
    host: smtp.host,
    port: smtp.port,
    security: 'NONE',
    senderAddress: 'crm@reminders.test',
    username: null,
    isDefault: true,
  });
}

/** Inserts an employee, with a user unless `withUser` is false. */
export async function insertPerson(db: Database, name: string, withUser = true) {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@crm.test`;
  const [user] = withUser
    ? await db
        .insert(users)
        .values({ email, name, role: 'AGENT', passwordHash: await hashPassword('unused-pw-123') })
        .returning({ id: users.id })
    : [];
  const [employee] = await db
    .insert(employees)
    .values({ name, email, userId: user?.id ?? null })
    .returning({ id: employees.id });

  return { userId: user?.id ?? null, employeeId: employee!.id, email };
}

/** Inserts an open task for `responsibleId` with the given deadline. */
export async function insertTask(
  db: Database,
  values: { title: string; responsibleId: string; deadline: Date; creatorId?: string | null },
): Promise<string> {
  const [task] = await db
    .insert(tasks)
    .values({ ...values, creatorId: values.creatorId ?? null })
    .returning({ id: tasks.id });

  return task!.id;
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  label: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
