/**
 * Throw-away database of the fan-out benchmark: users with a linked employee and a session
 * token, and per user a pool of tasks and messages, so each published event names a fresh row.
 */
import postgres from 'postgres';
import { hashPassword } from '../src/auth/passwords.js';
import { users } from '../src/auth/tables.js';
import { issueToken } from '../src/auth/tokens.js';
import { createDatabase, type Database } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { employees } from '../src/employees/tables.js';
import { messages } from '../src/messages/tables.js';
import { tasks } from '../src/tasks/tables.js';

/** A subscribing user with the rows its events name. */
export interface FanoutUser {
  userId: string;
  token: string;
  taskIds: string[];
  messageIds: string[];
}

export interface FanoutDatabase {
  url: string;
  users: FanoutUser[];
  drop(): Promise<void>;
}

async function insertUser(db: Database, index: number, passwordHash: string, poolSize: number) {
  const name = `Fanout ${index}`;
  const [user] = await db
    .insert(users)
    .values({ email: `fanout${index}@crm.test`, name, role: 'AGENT', passwordHash })
    .returning({ id: users.id });
  const userId = user!.id;
  const [employee] = await db
    .insert(employees)
    .values({ name, userId })
    .returning({ id: employees.id });
  const { token } = await issueToken(db, userId, 'SESSION', 'fan-out bench');
  const taskRows = await db
    .insert(tasks)
    .values(
      Array.from({ length: poolSize }, (_, i) => ({
        title: `Fan-out task ${index}.${i}`,
        responsibleId: employee!.id,
        creatorId: userId,
      })),
    )
    .returning({ id: tasks.id });
  const messageRows = await db
    .insert(messages)
    .values(
      Array.from({ length: poolSize }, (_, i) => ({
        userId,
        kind: 'TASK_REMINDER' as const,
        title: `Fan-out message ${index}.${i}`,
        body: 'A task is due.',
      })),
    )
    .returning({ id: messages.id });

  return {
    userId,
    token,
    taskIds: taskRows.map((row) => row.id),
    messageIds: messageRows.map((row) => row.id),
  };
}

/** Creates, migrates and fills a database on the server of `adminUrl`. */
export async function prepareFanoutDatabase(
  adminUrl: string,
  userCount: number,
  poolSize: number,
): Promise<FanoutDatabase> {
  const name = `crm_fanout_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString());

  const database = createDatabase(url.toString(), { max: 1 });
  const passwordHash = await hashPassword('fanout-password-1');
  const rows: FanoutUser[] = [];
  for (let index = 0; index < userCount; index += 1) {
    rows.push(await insertUser(database.db, index, passwordHash, poolSize));
  }
  await database.close();

  return {
    url: url.toString(),
    users: rows,
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
