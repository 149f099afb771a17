import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClearEmailBounceDocument, PartnerDocument, UpdatePartnerDocument } from '../sdk/index.js';
import { createLocalEventBus } from '../src/events/event-bus.js';
import { importMailFile } from '../src/mail/import/import-file.js';
import {
  type ImportServices,
  type ImportSettings,
  loadImportSettings,
} from '../src/mail/import/import-message.js';
import { emailBounces, importedEmails } from '../src/mail/import/tables.js';
import { tasks } from '../src/tasks/tables.js';
import { corpusAvailable, fixturesDir } from './mail-corpus.js';
import {
  type CorpusDirectory,
  createImportServices,
  seedCorpusDirectory,
} from './mail-import-corpus.js';
import { startTestApi, type TestApi } from './support/api.js';
import { createSalesActor, missingId, type SalesActor } from './support/sales-fixtures.js';

const BOUNCED = 'arad@banatelectro.example';
const FIRST_BOUNCE_AT = '2024-03-26T10:14:09.000Z';

/**
 * Rewrites the bounce fixture as another bounce report: a new Message-ID, date and status.
 * Header lines other than those keep their text, so the report still names the same recipient.
 */
function otherBounce(raw: string, fields: { id: string; date: string; status: string }): string {
  return raw
    .replace(/^Message-ID: <[^>]+bounce[^>]*>/m, `Message-ID: ${fields.id}`)
    .replace(/^Date: Tue, 26 Mar 2024 10:14:09 \+0000/m, `Date: ${fields.date}`)
    .replace(/^Status: 5\.1\.1/m, `Status: ${fields.status}`);
}

describe.skipIf(!corpusAvailable)('bounces on partner sites', () => {
  let api: TestApi;
  let manager: SalesActor;
  let agent: SalesActor;
  let directory: CorpusDirectory;
  let services: ImportServices;
  let settings: ImportSettings;
  let folder: string;
  let fixture: string;

  beforeAll(async () => {
    api = await startTestApi();
    manager = await createSalesActor(api, 'MANAGER', 'Mara Manager');
    agent = await createSalesActor(api, 'AGENT', 'Andrei Agent');
    directory = await seedCorpusDirectory(api.services.db);
    services = await createImportServices(api.services.db, createLocalEventBus());
    settings = await loadImportSettings(api.services.db);
    folder = await mkdtemp(join(tmpdir(), 'crm-bounces-'));
    fixture = await readFile(join(fixturesDir, 'S07_bounce_dsn_adapted_fixture.eml'), 'latin1');
  });

  afterAll(async () => {
    manager?.client.close();
    agent?.client.close();
    await api?.close();
  });

  async function importText(name: string, text: string) {
    const path = join(folder, `${name}.eml`);
    await writeFile(path, Buffer.from(text, 'latin1'));

    return importMailFile(services, settings, path, { format: 'eml' });
  }

  async function bouncedSite() {
    const id = encodeGlobalID('Partner', directory.partnerIds.get('P006')!);
    const { partner } = await manager.client.request(PartnerDocument, { id });

    return partner!.sites.find((site) => site.emails.includes(BOUNCED))!;
  }

  async function bounceRow() {
    const rows = await api.services.db
      .select()
      .from(emailBounces)
      .where(eq(emailBounces.email, BOUNCED));

    return rows[0];
  }

  it('shows a bounced address on its site', async () => {
    const result = await importText('first', fixture);
    const site = await bouncedSite();

    expect(result.counts).toEqual({ BOUNCE: 1 });
    expect(site.emails).toContain(BOUNCED);
    expect(site.emailBounces).toEqual([
      {
        address: BOUNCED,
        bounceCount: 1,
        firstBouncedAt: FIRST_BOUNCE_AT,
        lastBouncedAt: FIRST_BOUNCE_AT,
        lastStatus: '5.1.1',
      },
    ]);
  });

  it('creates no task for a bounce', async () => {
    const [email] = await api.services.db
      .select()
      .from(importedEmails)
      .where(eq(importedEmails.status, 'BOUNCE'));

    expect(email!.taskId).toBeNull();
    expect(email!.partnerId).toBe(directory.partnerIds.get('P006'));
    expect(await api.services.db.select().from(tasks)).toHaveLength(0);
  });

  it('lists no bounce on the sites whose mail went through', async () => {
    const id = encodeGlobalID('Partner', directory.partnerIds.get('P006')!);
    const { partner } = await manager.client.request(PartnerDocument, { id });
    const others = partner!.sites.filter((site) => !site.emails.includes(BOUNCED));

    expect(others.length).toBeGreaterThan(0);
    expect(others.flatMap((site) => site.emailBounces)).toEqual([]);
  });

  it('counts a copy of the same report once', async () => {
    const copy = fixture.replace(
      'Delivered-To: vanzari@nordinstal.example',
      'Delivered-To: office@nordinstal.example',
    );
    const result = await importText('copy', copy);

    expect(result.counts).toEqual({ DUPLICATE: 1 });
    expect((await bounceRow())!.bounceCount).toBe(1);
  });

  it('counts a newer bounce and keeps its status', async () => {
    const newer = otherBounce(fixture, {
      id: '<newer-bounce@bounce-relay.example>',
      date: 'Tue, 02 Apr 2024 08:00:00 +0000',
      status: '5.2.2',
    });
    await importText('newer', newer);
    const [bounce] = (await bouncedSite()).emailBounces;

    expect(bounce!.bounceCount).toBe(2);
    expect(bounce!.lastBouncedAt).toBe('2024-04-02T08:00:00.000Z');
    expect(bounce!.lastStatus).toBe('5.2.2');
    expect(bounce!.firstBouncedAt).toBe(FIRST_BOUNCE_AT);
  });

  it('keeps the latest status when an older bounce arrives late', async () => {
    const older = otherBounce(fixture, {
      id: '<older-bounce@bounce-relay.example>',
      date: 'Mon, 11 Mar 2024 08:00:00 +0000',
      status: '4.4.1',
    });
    await importText('older', older);
    const row = (await bounceRow())!;
    const newest = await api.services.db
      .select({ id: importedEmails.id })
      .from(importedEmails)
      .where(eq(importedEmails.messageId, '<newer-bounce@bounce-relay.example>'));

    expect(row.bounceCount).toBe(3);
    expect(row.firstBouncedAt.toISOString()).toBe('2024-03-11T08:00:00.000Z');
    expect(row.lastBouncedAt.toISOString()).toBe('2024-04-02T08:00:00.000Z');
    expect(row.lastStatus).toBe('5.2.2');
    expect(row.lastEmailId).toBe(newest[0]!.id);
  });

  it('keeps the mark when the sites are saved again', async () => {
    const id = encodeGlobalID('Partner', directory.partnerIds.get('P006')!);
    const { partner } = await manager.client.request(PartnerDocument, { id });
    const sites = partner!.sites.map((site) => ({ name: site.name, emails: site.emails }));
    const saved = await manager.client.request(UpdatePartnerDocument, { id, input: { sites } });
    if (saved.updatePartner.__typename !== 'MutationUpdatePartnerSuccess') {
      throw new Error(saved.updatePartner.__typename);
    }
    const site = await bouncedSite();

    expect(site.emails).toContain(BOUNCED);
    expect(site.emailBounces.map((bounce) => bounce.bounceCount)).toEqual([3]);
  });

  it('reports the site id and a long address together', async () => {
    const email = `${'b'.repeat(250)}@firma.ro`;
    const result = await manager.client.request(ClearEmailBounceDocument, {
      siteId: 'site?',
      email,
    });

    const error = result.clearEmailBounce;
    if (error.__typename !== 'ValidationError') throw new Error(error.__typename);
    expect(error.issues.map((issue) => issue.field)).toEqual(['siteId', 'email']);
    expect(error.issues[1]!.message).toBe(
      'must be at most 254 characters, but has 259; shorten it',
    );
  });

  it('rejects clearing an address the site does not list', async () => {
    const site = await bouncedSite();
    const result = await manager.client.request(ClearEmailBounceDocument, {
      siteId: site.id,
      email: 'info@banatelectro.example',
    });

    const error = result.clearEmailBounce;
    if (error.__typename !== 'ValidationError') throw new Error(error.__typename);
    expect(error.issues.map((issue) => issue.field)).toEqual(['email']);
    expect(error.issues[0]!.value).toBe('info@banatelectro.example');
    expect((await bounceRow())!.bounceCount).toBe(3);
  });

  it('rejects clearing on an unknown site', async () => {
    const result = await manager.client.request(ClearEmailBounceDocument, {
      siteId: missingId('Site'),
      email: BOUNCED,
    });

    expect(result.clearEmailBounce.__typename).toBe('NotFoundError');
  });

  it('forbids an agent to clear a bounce', async () => {
    const site = await bouncedSite();
    const result = await agent.client.request(ClearEmailBounceDocument, {
      siteId: site.id,
      email: BOUNCED,
    });

    expect(result.clearEmailBounce.__typename).toBe('ForbiddenError');
    expect(await bounceRow()).toBeDefined();
  });

  it('clears the mark and keeps the address', async () => {
    const site = await bouncedSite();
    const result = await manager.client.request(ClearEmailBounceDocument, {
      siteId: site.id,
      email: BOUNCED.toUpperCase(),
    });

    const cleared = result.clearEmailBounce;
    if (cleared.__typename !== 'MutationClearEmailBounceSuccess') {
      throw new Error(cleared.__typename);
    }
    expect(cleared.data.emailBounces).toEqual([]);
    expect(cleared.data.emails).toContain(BOUNCED);
    expect(await bounceRow()).toBeUndefined();
  });
});
