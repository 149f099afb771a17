import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmailLogDocument, type EmailLogQuery } from '../sdk/index.js';
import { startWorker, type RunningWorker } from '../src/jobs/worker.js';
import type { EmailLogRow } from '../src/mail/outgoing/queue-email.js';
import { startTestApi, type TestApi } from './support/api.js';
import {
  createSender,
  queueTestEmail,
  testWorkerSetup,
  waitForEmail,
} from './support/outgoing-email.js';
import { insertTask, useDefaultSmtp } from './support/reminder-fixtures.js';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp-server.js';
import { createActor, insertPartner, type TestActor } from './support/task-fixtures.js';

type LogNode = EmailLogQuery['emailLog']['edges'][number]['node'];

describe('email log after delivery', () => {
  let api: TestApi;
  let smtp: TestSmtpServer;
  let worker: RunningWorker;
  let manager: TestActor;
  let sent: EmailLogRow;
  let failed: EmailLogRow;
  let partnerGlobalId: string;
  let taskGlobalId: string;

  const finished = (row: EmailLogRow) => row.status !== 'QUEUED';

  async function logNodes(filter?: { relatedId: string }): Promise<LogNode[]> {
    const { emailLog } = await manager.client.request(EmailLogDocument, { first: 20, filter });

    return emailLog.edges.map((edge) => edge.node);
  }

  beforeAll(async () => {
    api = await startTestApi();
    const db = api.services.db;
    smtp = await startTestSmtpServer({
      users: { 'mara.login': 'mara-secret' },
      requireAuth: false,
    });
    await useDefaultSmtp(db, smtp);
    const senderId = await createSender(db, smtp, 'Mara', {
      login: 'mara.login',
      password: 'mara-secret',
    });
    manager = await createActor(api, 'MANAGER', 'Mihai Log Reader');
    const partner = await insertPartner(api, 'Fabrica de Mobilă');
    partnerGlobalId = partner.globalId;
    const taskId = await insertTask(db, {
      title: 'Call back',
      responsibleId: manager.employeeId,
      deadline: new Date(Date.now() + 86_400_000),
    });
    taskGlobalId = encodeGlobalID('Task', taskId);
    const setup = await testWorkerSetup();
    worker = await startWorker(api.database.url, setup.config, setup.options);

    // One at a time, so the 550 reply reaches the system email and not the other one.
    smtp.failNext('550');
    const system = await queueTestEmail(db, {
      senderUserId: null,
      to: ['gone@partner.test'],
      subject: 'Reminder: Call back',
      text: 'The task is due tomorrow.',
      related: { type: 'Task', id: taskId },
    });
    failed = await waitForEmail(db, system.id, finished);
    const offer = await queueTestEmail(db, {
      senderUserId: senderId,
      to: ['client@partner.test'],
      cc: ['boss@partner.test'],
      subject: 'Offer 7',
      text: 'Please find the offer below.',
      related: { type: 'Partner', id: partner.id },
    });
    sent = await waitForEmail(db, offer.id, finished);
  });
  afterAll(async () => {
    await worker.stop();
    await smtp.close();
    await api.close();
  });

  it('lists every email globally, newest first', async () => {
    const nodes = await logNodes();

    expect(nodes.map((node) => node.subject)).toEqual(['Offer 7', 'Reminder: Call back']);
  });

  it('shows sender, recipients and record of a sent email', async () => {
    const [node] = await logNodes();

    expect(node!.sender?.name).toBe('Mara');
    expect(node!.fromAddress).toBe('mara@crm.test');
    expect(node!.to).toEqual(['client@partner.test']);
    expect(node!.cc).toEqual(['boss@partner.test']);
    expect(node!.relatedType).toBe('Partner');
    expect(node!.relatedId).toBe(partnerGlobalId);
  });

  it('shows the outcome of a sent email', async () => {
    const [node] = await logNodes();
    const [delivered] = smtp.messages.filter((message) => message.subject === 'Offer 7');

    expect(node!.status).toBe('SENT');
    expect(node!.attempts).toBe(1);
    expect(node!.lastResponseCode).toBe(250);
    expect(node!.lastAnswer).toBe(sent.lastAnswer);
    expect(node!.lastAnswer).toMatch(/^250 /);
    expect(node!.sentAt).not.toBeNull();
    expect(node!.messageId).toBe(sent.messageId);
    expect(delivered!.messageId).toBe(node!.messageId);
  });

  it('shows the server answer of a failed email', async () => {
    const nodes = await logNodes();
    const node = nodes.find((entry) => entry.subject === 'Reminder: Call back');

    expect(node!.sender).toBeNull();
    expect(node!.fromAddress).toBe('crm@reminders.test');
    expect(node!.status).toBe('FAILED');
    expect(node!.attempts).toBe(1);
    expect(node!.lastResponseCode).toBe(550);
    expect(node!.lastAnswer).toContain('Mailbox unavailable');
    expect(node!.failedAt).not.toBeNull();
    expect(node!.messageId).toBe(failed.messageId);
  });

  it('lists only the emails of one task', async () => {
    const nodes = await logNodes({ relatedId: taskGlobalId });

    expect(nodes.map((node) => node.subject)).toEqual(['Reminder: Call back']);
    expect(nodes[0]!.relatedId).toBe(taskGlobalId);
  });

  it('lists only the emails of one partner', async () => {
    const nodes = await logNodes({ relatedId: partnerGlobalId });

    expect(nodes.map((node) => node.subject)).toEqual(['Offer 7']);
  });
});
