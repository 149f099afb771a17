import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AdvanceOpportunityStageDocument, TaskAssignedDocument } from '../sdk/index.js';
import { applyFollowUp } from '../src/followups/apply-follow-up.js';
import { scheduleFollowUps } from '../src/followups/schedule.js';
import { followUps } from '../src/followups/tables.js';
import { startWorker, type RunningWorker } from '../src/jobs/worker.js';
import { moduleLogger } from '../src/logger.js';
import { emailLog } from '../src/mail/outgoing/tables.js';
import { messages } from '../src/messages/tables.js';
import { stageHistory } from '../src/opportunities/tables.js';
import { tasks } from '../src/tasks/tables.js';
import { startTestApi, type TestApi } from './support/api.js';
import { testWorkerSetup } from './support/outgoing-email.js';
import { eventually, insertPerson, testJobs, useDefaultSmtp } from './support/reminder-fixtures.js';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp-server.js';
import {
  createActor,
  insertOpportunity,
  insertPartner,
  type TestActor,
  within,
} from './support/task-fixtures.js';

const DAY = 86_400_000;

describe('follow-up tasks', () => {
  let api: TestApi;
  let smtp: TestSmtpServer;
  let worker: RunningWorker;
  let manager: TestActor;
  let delegate: TestActor;
  let partnerId: string;

  const db = () => api.services.db;
  const services = () => ({ db: db(), events: api.services.events, log: moduleLogger('test') });

  /** Advances a new opportunity to OFFER with a follow-up date; returns the stage row id. */
  async function advance(delegateEmployeeId: string, followUpAt: Date, title: string) {
    const opportunity = await insertOpportunity(api, partnerId, title);
    const result = await manager.client.request(AdvanceOpportunityStageDocument, {
      id: opportunity.globalId,
      input: {
        stage: 'OFFER',
        delegateId: encodeGlobalID('Employee', delegateEmployeeId),
        followUpAt: followUpAt.toISOString(),
        notes: 'Call back about the offer',
      },
    });
    if (result.advanceOpportunityStage.__typename !== 'MutationAdvanceOpportunityStageSuccess') {
      throw new Error(result.advanceOpportunityStage.__typename);
    }
    const [stage] = await db()
      .select({ id: stageHistory.id })
      .from(stageHistory)
      .where(eq(stageHistory.opportunityId, opportunity.id))
      .orderBy(desc(stageHistory.enteredAt))
      .limit(1);

    return stage!.id;
  }

  function tasksOf(stageId: string) {
    return db().select().from(tasks).where(eq(tasks.sourceStageId, stageId));
  }

  async function taskOf(stageId: string) {
    return eventually(`the follow-up task of stage ${stageId}`, async () => {
      const rows = await tasksOf(stageId);

      return rows.length > 0 ? rows : undefined;
    });
  }

  function followUpMessages(taskId: string) {
    return db()
      .select()
      .from(messages)
      .where(and(eq(messages.relatedId, taskId), eq(messages.kind, 'FOLLOW_UP_TASK')));
  }

  function emailsAbout(opportunityStageTitle: string) {
    return db().select().from(emailLog).where(eq(emailLog.subject, opportunityStageTitle));
  }

  beforeAll(async () => {
    api = await startTestApi();
    smtp = await startTestSmtpServer({ requireAuth: false });
    await useDefaultSmtp(db(), smtp);
    manager = await createActor(api, 'MANAGER', 'Mara Follow');
    delegate = await createActor(api, 'AGENT', 'Dan Delegate');
    partnerId = (await insertPartner(api, 'Follow-up Partner SRL')).id;
    const setup = await testWorkerSetup();
    worker = await startWorker(api.database.url, setup.config, {
      ...setup.options,
      jobs: testJobs(),
    });
  });
  afterEach(() => {
    delegate.client.close();
  });
  afterAll(async () => {
    await worker.stop();
    await smtp.close();
    await api.close();
  });

  it('stage follow-up creates one task', async () => {
    const followUpAt = new Date(Date.now() + 3 * DAY);
    const stageId = await advance(delegate.employeeId, followUpAt, 'Servers for Acme');
    const [task] = await taskOf(stageId);
    const [message] = await eventually('the follow-up message', async () => {
      const rows = await followUpMessages(task!.id);

      return rows.length > 0 ? rows : undefined;
    });

    expect(await tasksOf(stageId)).toHaveLength(1);
    expect(task!.responsibleId).toBe(delegate.employeeId);
    expect(task!.deadline!.toISOString()).toBe(followUpAt.toISOString());
    expect(task!.beneficiaryId).toBe(partnerId);
    expect(task!.title).toBe('Follow-up (Offer): Servers for Acme');
    expect(task!.description).toBe('Call back about the offer');
    expect(message!.userId).toBe(delegate.userId);
    expect(message!.title).toBe('New follow-up task: Servers for Acme');
  });

  it('taskAssigned reaches the delegate', async () => {
    const events = delegate.client.subscribe(TaskAssignedDocument, {});
    const first = events.next();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stageId = await advance(delegate.employeeId, new Date(Date.now() + DAY), 'Live follow');
    const [task] = await taskOf(stageId);
    const event = await within(first, 10_000, 'the taskAssigned event');

    expect(event.value?.taskAssigned.id).toBe(encodeGlobalID('Task', task!.id));
  });

  it('repeated and concurrent jobs add nothing', async () => {
    const stageId = await advance(delegate.employeeId, new Date(Date.now() + DAY), 'Retried');
    const [task] = await taskOf(stageId);
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => applyFollowUp(services(), stageId)),
    );
    await db().transaction((tx) => scheduleFollowUps(tx, [stageId, stageId]));
    await new Promise((resolve) => setTimeout(resolve, 1500));

    expect(outcomes).toEqual(Array(5).fill('UNCHANGED'));
    expect(await tasksOf(stageId)).toHaveLength(1);
    expect(await followUpMessages(task!.id)).toHaveLength(1);
  });

  it('concurrent first jobs create one task', async () => {
    const opportunity = await insertOpportunity(api, partnerId, 'Raced');
    const [stage] = await db()
      .insert(stageHistory)
      .values({
        opportunityId: opportunity.id,
        stage: 'PRESENTATION',
        delegateId: delegate.employeeId,
        followUpAt: new Date(Date.now() + 2 * DAY),
      })
      .returning({ id: stageHistory.id });
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => applyFollowUp(services(), stage!.id)),
    );
    const rows = await tasksOf(stage!.id);

    expect(outcomes.filter((outcome) => outcome === 'TASK_CREATED')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'UNCHANGED')).toHaveLength(5);
    expect(rows).toHaveLength(1);
    expect(await followUpMessages(rows[0]!.id)).toHaveLength(1);
  });

  it('changed follow-up date moves the deadline', async () => {
    const stageId = await advance(delegate.employeeId, new Date(Date.now() + DAY), 'Moved');
    const [task] = await taskOf(stageId);
    const moved = new Date(Date.now() + 5 * DAY);
    await db().transaction(async (tx) => {
      await tx.update(stageHistory).set({ followUpAt: moved }).where(eq(stageHistory.id, stageId));
      await scheduleFollowUps(tx, [stageId]);
    });
    const [after] = await eventually('the moved deadline', async () => {
      const rows = await tasksOf(stageId);

      return rows[0]?.deadline?.getTime() === moved.getTime() ? rows : undefined;
    });
    const [applied] = await db().select().from(followUps).where(eq(followUps.stageId, stageId));

    expect(await tasksOf(stageId)).toHaveLength(1);
    expect(after!.id).toBe(task!.id);
    expect(applied!.followUpAt.toISOString()).toBe(moved.toISOString());
    expect(await followUpMessages(task!.id)).toHaveLength(1);
  });

  it('delegate without user gets one email', async () => {
    const outsider = await insertPerson(db(), 'Olga Outside', false);
    const before = smtp.messages.length;
    const stageId = await advance(outsider.employeeId, new Date(Date.now() + DAY), 'Emailed');
    const [mail] = (await smtp.waitForMessages(before + 1)).slice(before);
    const outcome = await applyFollowUp(services(), stageId);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    expect(mail!.subject).toBe('Follow-up: Emailed');
    expect(mail!.envelopeTo).toEqual([outsider.email]);
    expect(mail!.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail!.text).toContain('Stage: Offer');
    expect(outcome).toBe('UNCHANGED');
    expect(await tasksOf(stageId)).toHaveLength(0);
    expect(await emailsAbout('Follow-up: Emailed')).toHaveLength(1);
    expect(smtp.messages.slice(before)).toHaveLength(1);
  });

  it('moved date emails the delegate once more', async () => {
    const outsider = await insertPerson(db(), 'Petru Outside', false);
    const stageId = await advance(outsider.employeeId, new Date(Date.now() + DAY), 'Re-emailed');
    await eventually('the first email', async () => {
      const rows = await emailsAbout('Follow-up: Re-emailed');

      return rows.length > 0 ? rows : undefined;
    });
    await db().transaction(async (tx) => {
      await tx
        .update(stageHistory)
        .set({ followUpAt: new Date(Date.now() + 4 * DAY) })
        .where(eq(stageHistory.id, stageId));
      await scheduleFollowUps(tx, [stageId]);
    });
    await eventually('the moved-date email', async () => {
      const rows = await emailsAbout('Follow-up moved: Re-emailed');

      return rows.length > 0 ? rows : undefined;
    });
    await applyFollowUp(services(), stageId);

    expect(await emailsAbout('Follow-up: Re-emailed')).toHaveLength(1);
    expect(await emailsAbout('Follow-up moved: Re-emailed')).toHaveLength(1);
  });

  it('stage without follow-up date makes no task', async () => {
    const opportunity = await insertOpportunity(api, partnerId, 'No date');
    await manager.client.request(AdvanceOpportunityStageDocument, {
      id: opportunity.globalId,
      input: { stage: 'PRESENTATION', delegateId: delegate.employeeGlobalId },
    });
    const [stage] = await db()
      .select({ id: stageHistory.id })
      .from(stageHistory)
      .where(eq(stageHistory.opportunityId, opportunity.id));
    const outcome = await applyFollowUp(services(), stage!.id);

    expect(outcome).toBe('NO_FOLLOW_UP');
    expect(await tasksOf(stage!.id)).toHaveLength(0);
  });
});
