import { drizzle } from 'drizzle-orm/postgres-js';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/db/client.js';
import * as schema from '../src/db/schema.js';
import { loadAddressIndex } from '../src/mail/import/directory.js';
import { type ParsedMessage, parseMessage } from '../src/mail/index.js';
import { createPartner } from '../src/partners/service.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

const OWN_DOMAINS = ['nordinstal.example'];

interface LoggedQuery {
  query: string;
  params: unknown[];
}

function parseFrom(from: string): Promise<ParsedMessage> {
  const raw = [
    `From: ${from}`,
    'To: vanzari@nordinstal.example',
    'Subject: Oferta',
    'Date: Tue, 02 Apr 2024 09:15:32 +0300',
    '',
    'Buna ziua',
  ].join('\r\n');

  return parseMessage(Buffer.from(raw));
}

describe('partner address lookup', () => {
  let testDatabase: TestDatabase;
  let database: ReturnType<typeof createDatabase>;
  let logged: LoggedQuery[];
  let db: Database;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = createDatabase(testDatabase.url, { max: 1 });
    logged = [];
    // The product's client, with a logger that keeps each query for EXPLAIN.
    db = drizzle(database.sql, {
      schema,
      casing: 'snake_case',
      logger: { logQuery: (query, params) => logged.push({ query, params }) },
    });
    await createPartner(db, {
      name: 'Alfaconstruct',
      sites: [{ name: 'Cluj', emails: ['office@alfaconstruct.example'] }],
    });
  });

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  /** Returns the plan of a logged query, with sequential scans priced out, as JSON text. */
  async function planOf(entry: LoggedQuery): Promise<string> {
    return database.sql.begin(async (tx) => {
      await tx`set local enable_seqscan = off`;
      const rows = await tx.unsafe(
        `explain (format json) ${entry.query}`,
        entry.params as postgres.ParameterOrJSON<never>[],
      );

      return JSON.stringify(rows);
    });
  }

  it('uses the address index when importing', async () => {
    logged.length = 0;
    await loadAddressIndex(db, await parseFrom('office@alfaconstruct.example'), OWN_DOMAINS);

    expect(logged).toHaveLength(1);
    expect(await planOf(logged[0]!)).toContain('site_emails_email_idx');
  });

  it('finds the site of an upper-case sender', async () => {
    const message = await parseFrom('OFFICE@ALFACONSTRUCT.EXAMPLE');
    const index = await loadAddressIndex(db, message, OWN_DOMAINS);

    expect(index.sitesByAddress.get('office@alfaconstruct.example')).toHaveLength(1);
  });

  it('loads the domain only with domain hints', async () => {
    const message = await parseFrom('unknown@alfaconstruct.example');
    const plain = await loadAddressIndex(db, message, OWN_DOMAINS);
    const hinted = await loadAddressIndex(db, message, OWN_DOMAINS, { domainHints: true });

    expect(plain.partnersByDomain.has('alfaconstruct.example')).toBe(false);
    expect(hinted.partnersByDomain.get('alfaconstruct.example')?.size).toBe(1);
  });
});
