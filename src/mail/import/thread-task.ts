import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { tasks } from '../../tasks/tables.js';
import { threadRootId } from '../analyze/dedupe.js';
import { emailLog } from '../outgoing/tables.js';
import type { ParsedMessage } from '../types.js';
import { lockImportKey } from './recorded-emails.js';
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
 * Serializes the imports of one thread until the transaction ends, so a reply and the message it
 * replies to, imported at once by two workers, find each other's task instead of creating two.
 * The key is the thread root: the first id of References, else In-Reply-To, else the Message-ID.
 */
export async function lockThread(db: Executor, message: ParsedMessage): Promise<void> {
  const root = threadRootId(message);
  if (root) await lockImportKey(db, `thread ${root}`);
}

/**
 * Finds the task of a message's thread, in one statement, so the thread gets one task whatever
 * order its messages arrive in. The candidates, best first:
 * 1. the message it replies to: an imported email with that Message-ID that has a task, or an
 *    email the CRM sent about a task; In-Reply-To wins over References, a newer reference over
 *    an older one;
 * 2. an imported reply to this message (its In-Reply-To is this Message-ID), for a message that
 *    arrives after its reply;
 * 3. any imported message of the same thread root, except one with this very Message-ID, which
 *    is another message when its content differs.
 * Among equals the email imported first wins. Returns null when no candidate has a task.
 */
export async function findThreadTask(
  db: Executor,
  message: ParsedMessage,
): Promise<ThreadTask | null> {
  const answered = answeredIds(message);
  const own = message.messageId;
  const root = threadRootId(message);
  if (answered.length === 0 && !own && !root) return null;

  const ids = sql`${sql.param(answered)}::text[]`;
  const ownId = sql`${own}::text`;
  const replyRank = answered.length + 1;
  const rows = await db.execute<{ task_id: string; beneficiary_id: string | null }>(
    sql`select ${tasks.id} as task_id, ${tasks.beneficiaryId} as beneficiary_id
      from (
        select array_position(${ids}, ${importedEmails.messageId}) as rank,
            ${importedEmails.taskId} as task_id, ${importedEmails.importedAt} as at
          from ${importedEmails}
          where ${importedEmails.messageId} = any(${ids})
        union all
        select array_position(${ids}, ${emailLog.messageId}), ${emailLog.relatedId},
            ${emailLog.queuedAt}
          from ${emailLog}
          where ${emailLog.messageId} = any(${ids}) and ${emailLog.relatedType} = 'Task'
        union all
        select ${replyRank}::int, ${importedEmails.taskId}, ${importedEmails.importedAt}
          from ${importedEmails}
          where ${importedEmails.inReplyTo} = ${ownId}
        union all
        select ${replyRank + 1}::int, ${importedEmails.taskId}, ${importedEmails.importedAt}
          from ${importedEmails}
          where ${importedEmails.threadRootId} = ${root}::text
            and ${importedEmails.messageId} is distinct from ${ownId}
      ) candidate
      join ${tasks} on ${tasks.id} = candidate.task_id
      order by candidate.rank, candidate.at, ${tasks.id}
      limit 1`,
  );
  const row = rows[0];

  return row ? { taskId: row.task_id, beneficiaryId: row.beneficiary_id } : null;
}
