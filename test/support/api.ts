import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi, type RunningApi } from '../../src/app.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { users } from '../../src/auth/tables.js';
import { employees } from '../../src/employees/tables.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApi extends RunningApi {
  database: TestDatabase;
  graphqlUrl: string;
  close(): Promise<void>;
}

/** Starts the real HTTP server on a free port over a fresh database. */
export async function startTestApi(
  options: { maxPageSize?: number; maxFileBytes?: number } = {},
): Promise<TestApi> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'crm-test-data-'));
  const api = await startApi(
    database.url,
    {
      HOST: '127.0.0.1',
      PORT: 0,
      MAX_PAGE_SIZE: options.maxPageSize ?? 200,
      MAX_FILE_BYTES: options.maxFileBytes,
      DATA_DIR: dataDir,
      // Test files run in parallel against one server with a 100-connection limit.
      DATABASE_POOL_SIZE: 4,
    },
    { countStatements: true },
  );

  return {
    ...api,
    database,
    graphqlUrl: `${api.url}/graphql`,
    async close() {
      await api.stop();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestUser {
  userId: string;
  employeeId: string;
  email: string;
  password: string;
}

/** Inserts a user with a linked employee directly, for test set-up. */
export async function createTestUser(
  api: RunningApi,
  role: 'ADMIN' | 'MANAGER' | 'AGENT',
  name: string,
): Promise<TestUser> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@crm.test`;
  const password = `secret-${name}-123`;
  const [user] = await api.services.db
    .insert(users)
    .values({ email, name, role, passwordHash: await hashPassword(password) })
    .returning();
  const [employee] = await api.services.db
    .insert(employees)
    .values({ name, email, userId: user!.id, department: 'Sales' })
    .returning();

  return { userId: user!.id, employeeId: employee!.id, email, password };
}
