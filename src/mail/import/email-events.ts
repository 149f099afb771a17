import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { union } from 'drizzle-orm/pg-core';
import { users } from '../../auth/tables.js';
import type { Executor } from '../../db/client.js';
import { employees } from '../../employees/tables.js';
import type { EventBus } from '../../events/event-bus.js';
import { tasks } from '../../tasks/tables.js';
import { publishTaskEvents, type TaskEvents } from '../../tasks/task-events.js';

/** The events one import or review decision sends, published after its transaction commits. */
export interface ImportEvents {
  emailId: string;
  /** Users notified that the email was imported or changed. */
  emailUserIds: string[];
  tasks: TaskEvents[];
}

/** Selects the user of the employee responsible for a task, when that employee has one. */
function taskHolder(db: Executor, taskId: string) {
  return db
    .select({ id: sql<string>`${employees.userId}` })
    .from(tasks)
    .innerJoin(employees, eq(employees.id, tasks.responsibleId))
    .where(and(eq(tasks.id, taskId), isNotNull(employees.userId)));
}

/**
 * Computes who hears about an imported email, in one statement: every active admin and manager,
 * who watch the import and the review queue, and the user of the employee responsible for the
 * email's task.
 */
export async function planEmailEvents(
  db: Executor,
  emailId: string,
  taskId: string | null,
  taskEvents: (TaskEvents | null)[],
): Promise<ImportEvents> {
  const staff = db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.active, true), inArray(users.role, ['ADMIN', 'MANAGER'])));
  const rows = taskId ? await union(staff, taskHolder(db, taskId)) : await staff;

  return {
    emailId,
    emailUserIds: [...new Set(rows.map((row) => row.id))],
    tasks: taskEvents.filter((events) => events !== null),
  };
}

/** Publishes the planned events. Call it only after the transaction has committed. */
export function publishImportEvents(bus: EventBus, events: ImportEvents): void {
  for (const taskEvents of events.tasks) publishTaskEvents(bus, taskEvents);
  for (const userId of events.emailUserIds) {
    bus.publish('emailImported', { userId, emailId: events.emailId });
  }
}
