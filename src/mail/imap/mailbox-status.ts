import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { importedEmails } from '../import/tables.js';
import type { FolderStateRow } from './folder-state.js';
import { imapFolderStates, imapMailboxes, type OutcomeCounts } from './tables.js';

/** The import status of a mailbox's configured folder. */
export interface MailboxStatus {
  folder: string;
  /** Null before the first sync. */
  state: FolderStateRow | null;
  /** Every email recorded from the folder, by outcome, across all UIDVALIDITY values. */
  counts: OutcomeCounts;
}

/**
 * Loads the status of many mailboxes in two statements: their folder states, and the counts of
 * their imported emails by outcome. Returns statuses in `mailboxIds` order.
 */
export async function loadMailboxStatuses(
  db: Executor,
  mailboxIds: readonly string[],
): Promise<MailboxStatus[]> {
  const ids = sql`${sql.param(mailboxIds)}::uuid[]`;
  const states = await db
    .select({ state: imapFolderStates, mailboxFolder: imapMailboxes.folder, id: imapMailboxes.id })
    .from(imapMailboxes)
    .leftJoin(
      imapFolderStates,
      sql`${imapFolderStates.mailboxId} = ${imapMailboxes.id}
        and ${imapFolderStates.folder} = ${imapMailboxes.folder}`,
    )
    .where(sql`${imapMailboxes.id} = any(${ids})`);
  const counts = await db.execute<{ mailbox_id: string; status: string; total: number }>(
    sql`select e.mailbox_id, e.status, count(*)::int as total
      from ${importedEmails} e
      join ${imapMailboxes} m on m.id = e.mailbox_id and m.folder = e.folder
      where m.id = any(${ids})
      group by e.mailbox_id, e.status`,
  );

  return mailboxIds.map((id) => {
    const row = states.find((state) => state.id === id);
    const tally: OutcomeCounts = {};
    for (const count of counts.filter((entry) => entry.mailbox_id === id)) {
      tally[count.status] = count.total;
    }

    return { folder: row?.mailboxFolder ?? '', state: row?.state ?? null, counts: tally };
  });
}
