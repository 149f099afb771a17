import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { tasks } from '../../tasks/tables.js';
import { emailLog } from '../outgoing/tables.js';
import type { ParsedMessage } from '../types.js';
import { importedEmails } from './tables.js';

/** Message-IDs a reply may answer, the most specific first: In-Reply-To, then References newest first. */
function answeredIds(message: ParsedMessage): string[] {
  const ids = [message.inReplyTo, ...[...message.references].reverse()];

  return [...new Set(ids.filter((id): id is string => Boolean(id)))];
}

export interface ThreadTask {
  taskId: string;
  /** The task's partner, so a reply from an unknown address still lands on it. */
  beneficiaryId: string | null;
}

/**
 * Finds the task of the message a reply answers, in one statement: an imported email with that
 * Message-ID that has a task, or an email the CRM sent about a task. In-Reply-To wins over
 * References, and a newer reference over an older one. Returns null for a message that answers
 * nothing known.
 */
export async function findThreadTask(
  db: Executor,
  message: ParsedMessage,
): Promise<ThreadTask | null> {
  const ids = answeredIds(message);
  if (ids.length === 0) return null;

  const param = sql`${sql.param(ids)}::text[]`;
  const rows = await db.execute<{ message_id: string; task_id: string; beneficiary_id: string }>(
    sql`select answered.message_id, ${tasks.id} as task_id, ${tasks.beneficiaryId} as beneficiary_id
      from (
        select ${importedEmails.messageId} as message_id, ${importedEmails.taskId} as task_id
          from ${importedEmails}
          where ${importedEmails.messageId} = any(${param})
        union all
        select ${emailLog.messageId}, ${emailLog.relatedId}
          from ${emailLog}
          where ${emailLog.messageId} = any(${param}) and ${emailLog.relatedType} = 'Task'
      ) answered
      join ${tasks} on ${tasks.id} = answered.task_id`,
  );
  const byMessageId = new Map(rows.map((row) => [row.message_id, row]));
  const row = ids.map((id) => byMessageId.get(id)).find((found) => found !== undefined);

  return row ? { taskId: row.task_id, beneficiaryId: row.beneficiary_id } : null;
}
