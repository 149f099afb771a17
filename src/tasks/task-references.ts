import { eq } from 'drizzle-orm';
import type { Transaction } from '../db/client.js';
import { employees } from '../employees/tables.js';
import { NotFoundError } from '../errors.js';
import { opportunities } from '../opportunities/tables.js';
import { partners } from '../partners/tables.js';
import { tasks } from './tables.js';
import type { TaskRow } from './task-node.js';

/** Loads a task and locks its row until the transaction ends, so concurrent changes queue. */
export async function lockTask(tx: Transaction, id: string, field = 'id'): Promise<TaskRow> {
  const [task] = await tx.select().from(tasks).where(eq(tasks.id, id)).for('update');
  if (!task) throw new NotFoundError('task', id, field);

  return task;
}

export async function assertPartnerExists(tx: Transaction, id: string, field: string) {
  const [row] = await tx.select({ id: partners.id }).from(partners).where(eq(partners.id, id));
  if (!row) throw new NotFoundError('partner', id, field);
}

export async function assertEmployeeExists(tx: Transaction, id: string, field: string) {
  const [row] = await tx.select({ id: employees.id }).from(employees).where(eq(employees.id, id));
  if (!row) throw new NotFoundError('employee', id, field);
}

/** Returns the partner of an opportunity, the beneficiary of tasks created from it. */
export async function partnerOfOpportunity(tx: Transaction, id: string, field: string) {
  const [row] = await tx
    .select({ partnerId: opportunities.partnerId })
    .from(opportunities)
    .where(eq(opportunities.id, id));
  if (!row) throw new NotFoundError('opportunity', id, field);

  return row.partnerId;
}

/** Checks the partner and employee a task refers to. `prefix` is the input argument name. */
export async function assertTaskReferences(
  tx: Transaction,
  values: { beneficiaryId?: string | null; responsibleId?: string | null },
  prefix: string,
) {
  if (values.beneficiaryId) {
    await assertPartnerExists(tx, values.beneficiaryId, `${prefix}.beneficiaryId`);
  }
  if (values.responsibleId) {
    await assertEmployeeExists(tx, values.responsibleId, `${prefix}.responsibleId`);
  }
}
