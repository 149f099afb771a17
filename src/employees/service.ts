import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { NotFoundError } from '../errors.js';
import { employees } from './tables.js';

export type EmployeeRow = typeof employees.$inferSelect;
export type EmployeeValues = Omit<typeof employees.$inferInsert, 'id' | 'createdAt'>;

export async function createEmployee(db: Executor, values: EmployeeValues): Promise<EmployeeRow> {
  const [row] = await db.insert(employees).values(values).returning();

  return row!;
}

export async function updateEmployee(
  db: Executor,
  id: string,
  values: Partial<EmployeeValues>,
): Promise<EmployeeRow> {
  const [row] = await db.update(employees).set(values).where(eq(employees.id, id)).returning();
  if (!row) throw new NotFoundError('employee', id);

  return row;
}
