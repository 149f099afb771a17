import { resolveDatabase } from '../app.js';
import type { Config } from '../config.js';
import { migrateDatabase } from '../db/migrate.js';

export async function migrateOnly(config: Config): Promise<void> {
  const handle = await resolveDatabase(config);
  try {
    await migrateDatabase(handle.url);
    console.log('Migrations applied.');
  } finally {
    await handle.embedded?.stop();
  }
}

export async function seedDemo(_config: Config, _args: string[]): Promise<void> {
  throw new Error('seed is not available yet');
}
