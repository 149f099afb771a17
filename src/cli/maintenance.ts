import { parseArgs } from 'node:util';
import { count } from 'drizzle-orm';
import { resolveDatabase } from '../app.js';
import { users } from '../auth/tables.js';
import type { Config } from '../config.js';
import { createDatabase, type Database } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { partners } from '../partners/tables.js';
import { formatDemoLogins, formatSeedCounts } from '../seed/report.js';
import * as demo from '../seed/seed-demo.js';

export async function migrateOnly(config: Config): Promise<void> {
  const handle = await resolveDatabase(config);
  try {
    await migrateDatabase(handle.url);
    console.log('Migrations applied.');
  } finally {
    await handle.embedded?.stop();
  }
}

/**
 * Runs `work` on the configured database (the embedded one when `DATABASE_URL` is unset) after
 * applying migrations, then closes the pool and stops the embedded server.
 */
export async function withDatabase<T>(
  config: Config,
  work: (db: Database) => Promise<T>,
): Promise<T> {
  const handle = await resolveDatabase(config);
  try {
    await migrateDatabase(handle.url);
    const database = createDatabase(handle.url, { max: 2 });
    try {
      return await work(database.db);
    } finally {
      await database.close();
    }
  } finally {
    await handle.embedded?.stop();
  }
}

const SEED_USAGE = `Usage: crm seed [--scale N] [--force]

Loads the demo data set: employees, demo users, partners, campaigns, opportunities and tasks.
  --scale N   multiplies partners (2,000 at 1), opportunities and tasks,
              from ${demo.MIN_SCALE} to ${demo.MAX_SCALE}; default 1
  --force     delete all CRM data first: users, partners, campaigns, loss reasons and
              every record that refers to them`;

/** `crm seed`: loads the demo data set, rejecting a database with data unless --force. */
export async function seedDemo(config: Config, args: string[]): Promise<void> {
  const options = parseSeedArgs(args);
  if (!options) return;

  await withDatabase(config, async (db) => {
    const existing = await countExisting(db);
    if ((existing.users > 0 || existing.partners > 0) && !options.force) {
      console.error(
        `The database already has ${existing.users} users and ${existing.partners} partners. ` +
          'Run `crm seed --force` to delete that data and load the demo data set.',
      );
      process.exitCode = 1;

      return;
    }

    const started = Date.now();
    const report = await demo.seedDemo(db, { scale: options.scale, replace: options.force });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`Demo data loaded in ${seconds} s:\n${formatSeedCounts(report)}\n`);
    console.log(formatDemoLogins(report));
  });
}

function parseSeedArgs(args: string[]): { scale: number; force: boolean } | null {
  try {
    const { values } = parseArgs({
      args,
      options: {
        scale: { type: 'string', default: '1' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      console.log(SEED_USAGE);

      return null;
    }
    const scale = Number(values.scale);
    if (!(scale >= demo.MIN_SCALE && scale <= demo.MAX_SCALE)) {
      throw new Error(
        `invalid --scale "${values.scale}": ` +
          `pass a number from ${demo.MIN_SCALE} to ${demo.MAX_SCALE}`,
      );
    }

    return { scale, force: values.force };
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${SEED_USAGE}`);
    process.exitCode = 2;

    return null;
  }
}

async function countExisting(db: Database) {
  const [userRow] = await db.select({ total: count() }).from(users);
  const [partnerRow] = await db.select({ total: count() }).from(partners);

  return { users: userRow?.total ?? 0, partners: partnerRow?.total ?? 0 };
}
