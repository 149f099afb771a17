import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request count of SQL statements, so tests and benchmarks can catch N+1 queries. */
export interface StatementCount {
  statements: number;
}

const storage = new AsyncLocalStorage<StatementCount>();

export function runWithStatementCount<T>(count: StatementCount, work: () => T): T {
  return storage.run(count, work);
}

export function recordStatement(): void {
  const count = storage.getStore();
  if (count) count.statements += 1;
}
