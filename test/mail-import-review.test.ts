import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AssignEmailToPartnerDocument,
  DismissEmailDocument,
  EmailImportedDocument,
  EmailReviewQueueDocument,
  ImportedEmailsDocument,
  TaskAssignedDocument,
} from '../sdk/index.js';
import type { EventBus, EventName } from '../src/events/event-bus.js';
import { attachments } from '../src/attachments/tables.js';
import { createEmailFileStore } from '../src/mail/import/email-files.js';
import { importMailFile } from '../src/mail/import/import-file.js';
import { type ImportServices, loadImportSettings } from '../src/mail/import/import-message.js';
import { moduleLogger } from '../src/logger.js';
import { createPartner } from '../src/partners/service.js';
import { sites } from '../src/partners/tables.js';
import { updateSettings } from '../src/settings/service.js';
import { startTestApi, type TestApi } from './support/api.js';
import { postGraphQL } from './support/graphql.js';
import { createSalesActor, type SalesActor } from './support/sales-fixtures.js';
import { within } from './support/task-fixtures.js';

const WAIT_MS = 5000;

/** Reports when a subscription starts listening; events still travel through the real bus. */
function watchSubscriptions(api: TestApi) {
  const bus: EventBus = api.services.events;
  const waiting = new Map<string, (() => void)[]>();
  api.services.events = {
    publish: (event, payload) => bus.publish(event, payload),
    subscribe(event, userId) {
      const source = bus.subscribe(event, userId);
      const key = `${event}:${userId}`;

      return {
        [Symbol.asyncIterator]() {
          const iterator = source[Symbol.asyncIterator]();
          let started = false;

          return {
            next() {
              const result = iterator.next();
              if (!started) for (const resolve of waiting.get(key) ?? []) resolve();
              started = true;

              return result;
            },
            return: async () => (await iterator.return?.()) ?? { done: true, value: undefined },
          };
        },
      };
    },
  };

  return (event: EventName, userId: string) =>
    new Promise<void>((resolve) => {
      const key = `${event}:${userId}`;
      waiting.set(key, [...(waiting.get(key) ?? []), resolve]);
    });
}

function eml(from: string, id: string, attachment = '') {
  const boundary = 'b-review';
  const body = attachment
    ? `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\nCerere ${id}.\r\n--${boundary}\r\n` +
      `Content-Type: application/pdf; name="oferta.pdf"\r\n` +
      `Content-Disposition: attachment; filename="oferta.pdf"\r\n` +
      `Content-Transfer-Encoding: base64\r\n\r\n${Buffer.from(attachment).toString('base64')}\r\n` +
      `--${boundary}--\r\n`
    : `Content-Type: text/plain; charset=utf-8\r\n\r\nCerere ${id}.\r\n`;

  return (
    `From: ${from}\r\nTo: vanzari@nordinstal.example\r\nSubject: Cerere ${id}\r\n` +
    `Date: Tue, 2 Apr 2024 10:00:00 +0000\r\nMessage-ID: <${id}@review.test>\r\n` +
    `MIME-Version: 1.0\r\n${body}`
  );
}

describe('email review queue through the SDK', () => {
  let api: TestApi;
  let admin: SalesActor;
  let rep: SalesActor;
  let services: ImportServices;
  let nextStart: ReturnType<typeof watchSubscriptions>;
  let partner: { id: string; globalId: string; siteGlobalId: string };
  let otherSiteGlobalId: string;
  let folder: string;

  async function importFile(name: string, content: string) {
    await writeFile(join(folder, name), content);

    return importMailFile(services, await loadImportSettings(api.services.db), join(folder, name));
  }

  async function queue(status?: 'OPEN' | 'DISMISSED' | 'ASSIGNED') {
    const result = await admin.client.request(EmailReviewQueueDocument, { status, first: 50 });

    return result.emailReviewQueue.edges.map((edge) => edge.node);
  }

  beforeAll(async () => {
    api = await startTestApi();
    nextStart = watchSubscriptions(api);
    admin = await createSalesActor(api, 'ADMIN', 'Ilinca Admin');
    rep = await createSalesActor(api, 'AGENT', 'Radu Reprezentant');
    await updateSettings(api.services.db, admin.userId, {
      ownEmailDomains: ['nordinstal.example'],
    });
    const created = await createPartner(api.services.db, {
      name: 'Alfaconstruct Ardeal SRL',
      salesRepId: rep.employeeId,
      sites: [{ name: 'Cluj', emails: ['office@alfaconstruct.example'] }],
    });
    const other = await createPartner(api.services.db, {
      name: 'Banat Electro SRL',
      sites: [{ name: 'Timisoara', emails: ['info@banatelectro.example'] }],
    });
    const siteOf = async (partnerId: string) =>
      (await api.services.db.select().from(sites).where(eq(sites.partnerId, partnerId)))[0]!.id;
    partner = {
      id: created.id,
      globalId: encodeGlobalID('Partner', created.id),
      siteGlobalId: encodeGlobalID('Site', await siteOf(created.id)),
    };
    otherSiteGlobalId = encodeGlobalID('Site', await siteOf(other.id));
    services = {
      db: api.services.db,
      events: api.services.events,
      files: createEmailFileStore(api.services.files),
      log: moduleLogger('mail-import-test'),
    };
    folder = await mkdtemp(join(tmpdir(), 'crm-review-'));
  });

  afterAll(async () => {
    admin?.client.close();
    rep?.client.close();
    await api?.close();
  });

  it('lists an unmatched email with its reason', async () => {
    const result = await importFile('unknown.eml', eml('client.nou@necunoscut.example', 'first'));

    const items = await queue();
    expect(result.counts).toEqual({ UNMATCHED: 1 });
    expect(items).toHaveLength(1);
    expect(items[0]!.reason).toBe('UNMATCHED');
    expect(items[0]!.email.subject).toBe('Cerere first');
    expect(items[0]!.email.matchDetail).toContain('client.nou@necunoscut.example');
  });

  it('assigns an email and announces its task', async () => {
    await importFile('attached.eml', eml('achizitii@necunoscut.example', 'second', '%PDF-1.4 x'));
    const item = (await queue()).find((entry) => entry.email.subject === 'Cerere second')!;
    const assignedStarted = nextStart('taskAssigned', rep.userId);
    const importedStarted = nextStart('emailImported', admin.userId);
    const assignedEvents = rep.client.subscribe(TaskAssignedDocument, {}, 'sse');
    const importedEvents = admin.client.subscribe(EmailImportedDocument, {}, 'sse');
    const assignedEvent = within(assignedEvents.next(), WAIT_MS, 'taskAssigned');
    const importedEvent = within(importedEvents.next(), WAIT_MS, 'emailImported');
    await within(assignedStarted, WAIT_MS, 'the taskAssigned subscription');
    await within(importedStarted, WAIT_MS, 'the emailImported subscription');

    const result = await admin.client.request(AssignEmailToPartnerDocument, {
      emailId: item.email.id,
      partnerId: partner.globalId,
      siteId: partner.siteGlobalId,
    });

    if (result.assignEmailToPartner.__typename !== 'MutationAssignEmailToPartnerSuccess') {
      throw new Error(result.assignEmailToPartner.message);
    }
    const email = result.assignEmailToPartner.data;
    expect(email.status).toBe('IMPORTED');
    expect(email.partner?.id).toBe(partner.globalId);
    expect(email.site?.id).toBe(partner.siteGlobalId);
    expect(email.task?.responsible?.id).toBe(rep.employeeGlobalId);
    expect((await assignedEvent).value?.taskAssigned.id).toBe(email.task?.id);
    expect((await importedEvent).value?.emailImported.id).toBe(email.id);
  });

  it('attaches the email files to the new task', async () => {
    const items = await queue('ASSIGNED');
    const task = items[0]!.email.task!;
    const taskId = Buffer.from(task.id, 'base64').toString().split(':')[1]!;
    const linked = await api.services.db
      .select()
      .from(attachments)
      .where(eq(attachments.recordId, taskId));
    expect(items).toHaveLength(1);
    expect(linked).toHaveLength(1);
  });

  it('rejects a second assignment of one email', async () => {
    const [assigned] = await queue('ASSIGNED');

    const result = await admin.client.request(AssignEmailToPartnerDocument, {
      emailId: assigned!.email.id,
      partnerId: partner.globalId,
    });

    expect(result.assignEmailToPartner.__typename).toBe('ConflictError');
  });

  it('rejects a site of another partner', async () => {
    await importFile('third.eml', eml('birou@necunoscut.example', 'third'));
    const item = (await queue()).find((entry) => entry.email.subject === 'Cerere third')!;

    const result = await admin.client.request(AssignEmailToPartnerDocument, {
      emailId: item.email.id,
      partnerId: partner.globalId,
      siteId: otherSiteGlobalId,
    });

    const error = result.assignEmailToPartner;
    if (error.__typename !== 'ValidationError') throw new Error(error.__typename);
    expect(error.issues[0]!.field).toBe('siteId');
    expect((await queue()).map((entry) => entry.email.id)).toContain(item.email.id);
  });

  it('dismisses an email without a task', async () => {
    const item = (await queue()).find((entry) => entry.email.subject === 'Cerere third')!;

    const result = await rep.client.request(DismissEmailDocument, {
      emailId: item.email.id,
      note: 'Publicitate',
    });

    if (result.dismissEmail.__typename !== 'MutationDismissEmailSuccess') {
      throw new Error(result.dismissEmail.message);
    }
    expect(result.dismissEmail.data.status).toBe('UNMATCHED');
    expect(result.dismissEmail.data.task).toBeNull();
    expect((await queue()).map((entry) => entry.email.id)).not.toContain(item.email.id);
    expect((await queue('DISMISSED'))[0]!.note).toBe('Publicitate');
  });

  it('reports every invalid id of an assignment', async () => {
    const result = await admin.client.request(AssignEmailToPartnerDocument, {
      emailId: 'email?',
      partnerId: 'partner?',
      siteId: 'site?',
    });

    const error = result.assignEmailToPartner;
    if (error.__typename !== 'ValidationError') throw new Error(error.__typename);
    expect(error.issues).toEqual([
      {
        field: 'emailId',
        value: 'email?',
        message: 'must be the id of an ImportedEmail, as its id field returns it',
      },
      {
        field: 'partnerId',
        value: 'partner?',
        message: 'must be the id of a Partner, as its id field returns it',
      },
      {
        field: 'siteId',
        value: 'site?',
        message: 'must be the id of a Site, as its id field returns it',
      },
    ]);
  });

  it('reports the email id and a long dismissal note', async () => {
    const result = await rep.client.request(DismissEmailDocument, {
      emailId: 'email?',
      note: 'n'.repeat(1001),
    });

    const error = result.dismissEmail;
    if (error.__typename !== 'ValidationError') throw new Error(error.__typename);
    expect(error.issues.map((issue) => issue.field)).toEqual(['emailId', 'note']);
    expect(error.issues[1]!.message).toBe(
      'must be at most 1000 characters, but has 1001; shorten it',
    );
  });

  it('filters imported emails by partner and status', async () => {
    await importFile('matched.eml', eml('office@alfaconstruct.example', 'fourth'));

    const { importedEmails } = await rep.client.request(ImportedEmailsDocument, {
      filter: { partnerId: partner.globalId, status: 'IMPORTED' },
    });

    expect(importedEmails.edges.map((edge) => edge.node.subject).sort()).toEqual([
      'Cerere fourth',
      'Cerere second',
    ]);
  });

  it('reads a page of emails in constant statements', async () => {
    for (const index of [5, 6, 7, 8]) {
      await importFile(`more-${index}.eml`, eml('office@alfaconstruct.example', `n${index}`));
    }
    const query = `query ($first: Int) { importedEmails(first: $first) { edges { node {
      subject partner { name } site { name } task { title responsible { name } }
      duplicateOf { id } } } } }`;

    const baseline = await postGraphQL(api.graphqlUrl, '{ counties { code } }', {}, admin.token);
    const small = await postGraphQL(api.graphqlUrl, query, { first: 2 }, admin.token);
    const large = await postGraphQL(api.graphqlUrl, query, { first: 8 }, admin.token);

    expect(large.errors).toBeUndefined();
    expect(large.statements).toBe(small.statements);
    // emails, partners, sites, tasks and employees, on top of authentication
    expect(large.statements - baseline.statements).toBe(5);
  });
});
