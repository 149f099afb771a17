import { count, sql } from 'drizzle-orm';
import { hashPassword } from '../auth/passwords.js';
import { users } from '../auth/tables.js';
import type { Database, Transaction } from '../db/client.js';
import { ValidationError } from '../errors.js';
import { maskEmail, moduleLogger } from '../logger.js';
import { DEMO_TIME_ZONE } from './clock.js';
import { DEMO_LOGINS, type DemoLogin } from './people.js';
import { buildDemoData, type DemoCounts, insertDemoData, loadReferences } from './demo-data.js';

const log = moduleLogger('seed');

/** Seed of the generator; changing it changes every name, tax id and date of the data set. */
const DEMO_SEED = 2026;

// Any constant works; it keeps two starting processes from seeding the same database twice.
const SEED_LOCK_ID = 7_240_002;

export const MIN_SCALE = 0.01;
export const MAX_SCALE = 100;

export interface SeedOptions {
  /**
   * Multiplies the partners (2,000 at scale 1), opportunities (600) and manual tasks (1,000).
   * Between 0.01 and 100; default 1.
   */
  scale?: number;
  /** The instant the demo dates are relative to; default now. */
  now?: Date;
  /** Empties the CRM tables first, with TRUNCATE ... CASCADE; default false. */
  replace?: boolean;
}

export interface SeedReport {
  counts: DemoCounts;
  logins: readonly DemoLogin[];
  timeZone: string;
}

/**
 * Loads the deterministic demo data set in one transaction: the same names and tax ids on
 * every run, with dates placed relative to `now`. Fails on a database that already has the
 * demo users unless `replace` is set.
 */
export async function seedDemo(db: Database, options: SeedOptions = {}): Promise<SeedReport> {
  const scale = checkScale(options.scale ?? 1);
  const passwordHashes = await hashDemoPasswords();

  return db.transaction(async (tx) => {
    await lockSeeding(tx);
    if (options.replace) await emptyCrmTables(tx);

    return load(tx, scale, options.now ?? new Date(), passwordHashes);
  });
}

/**
 * Seeds only when the database has no users, so a fresh installation starts with demo data and
 * an existing one is never touched. Returns null when it did not seed.
 */
export async function seedDemoIfEmpty(
  db: Database,
  options: Omit<SeedOptions, 'replace'> = {},
): Promise<SeedReport | null> {
  if (await hasUsers(db)) return null;

  const scale = checkScale(options.scale ?? 1);
  const passwordHashes = await hashDemoPasswords();

  return db.transaction(async (tx) => {
    await lockSeeding(tx);
    if (await hasUsers(tx)) return null;

    return load(tx, scale, options.now ?? new Date(), passwordHashes);
  });
}

export async function hasUsers(db: Database | Transaction): Promise<boolean> {
  const [row] = await db.select({ users: count() }).from(users);

  return (row?.users ?? 0) > 0;
}

function checkScale(scale: number): number {
  if (Number.isFinite(scale) && scale >= MIN_SCALE && scale <= MAX_SCALE) return scale;

  throw ValidationError.of(
    'scale',
    scale,
    `must be a number from ${MIN_SCALE} to ${MAX_SCALE}; 1 loads 2,000 partners`,
  );
}

function hashDemoPasswords(): Promise<string[]> {
  return Promise.all(DEMO_LOGINS.map((login) => hashPassword(login.password)));
}

async function lockSeeding(tx: Transaction): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_ID})`);
}

async function load(tx: Transaction, scale: number, now: Date, passwordHashes: string[]) {
  const started = Date.now();
  const references = await loadReferences(tx);
  const data = buildDemoData({ seed: DEMO_SEED, scale, now, passwordHashes }, references);
  const counts = await insertDemoData(tx, data);
  log.info({ scale, ...counts, durationMs: Date.now() - started }, 'demo data loaded');
  log.warn(
    { users: DEMO_LOGINS.map((login) => maskEmail(login.email)) },
    'demo users with public passwords created; replace the passwords or deactivate the users ' +
      'before real use, and set SEED_DEMO=never on production servers',
  );

  return { counts, logins: DEMO_LOGINS, timeZone: DEMO_TIME_ZONE };
}

/**
 * Empties the tables the demo data set fills. CASCADE also empties every table that references
 * them, such as tokens, sites, stage history and task responses.
 */
async function emptyCrmTables(tx: Transaction): Promise<void> {
  await tx.execute(sql`truncate table users, employees, partners, campaigns, loss_reasons cascade`);
  log.warn('CRM tables emptied before loading the demo data set');
}
