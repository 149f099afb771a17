import { and, eq, inArray } from 'drizzle-orm';
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

/**
 * Computes who hears about an imported email: every active admin and manager, who watch the
 * import and the review queue, and the user of the employee responsible for the email's task.
 */
export async function planEmailEvents(
  db: Executor,
  emailId: string,
  taskId: string | null,
  taskEvents: (TaskEvents | null)[],
): Promise<ImportEvents> {
  const staff = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.active, true), inArray(users.role, ['ADMIN', 'MANAGER'])));
  const holder = taskId
    ? await db
        .select({ id: employees.userId })
        .from(tasks)
        .innerJoin(employees, eq(employees.id, tasks.responsibleId))
        .where(eq(tasks.id, taskId))
    : [];
  const userIds = [...staff, ...holder].map((row) => row.id).filter((id) => id !== null);

  return {
    emailId,
    emailUserIds: [...new Set(userIds)],
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
