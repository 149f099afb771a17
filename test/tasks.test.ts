import { encodeGlobalID } from '@pothos/plugin-relay';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AssignTaskDocument,
  CreateTaskDocument,
  createCrmClient,
  CreateTaskFromContextDocument,
  LoginDocument,
  PartnerTasksDocument,
  ReopenTaskDocument,
  ResolveTaskDocument,
  RespondToTaskDocument,
  ResponsesToMyTasksDocument,
  TaskFieldsFragmentDoc,
  type TaskInput,
  TaskDocument,
  TasksDocument,
  type TasksQuery,
  type TasksQueryVariables,
  UpdateTaskDocument,
} from '../sdk/index.js';
import { hashPassword } from '../src/auth/passwords.js';
import { users } from '../src/auth/tables.js';
import { startTestApi, type TestApi } from './support/api.js';
import { postGraphQL } from './support/graphql.js';
import {
  createActor,
  insertOpportunity,
  insertPartner,
  type TestActor,
} from './support/task-fixtures.js';

/** Returns the payload of a successful mutation, or throws the error member's message. */
function dataOf<T extends { __typename: string }>(
  result: T,
): Extract<T, { data: unknown }>['data'] {
  if ('data' in result) return (result as Extract<T, { data: unknown }>).data;

  throw new Error(`${result.__typename}: ${(result as { message?: string }).message}`);
}

/** Returns the issues of a ValidationError, or throws when the member is another type. */
function issuesOf(result: { __typename: string; issues?: FieldIssue[]; message?: string }) {
  if (result.__typename === 'ValidationError' && result.issues) return result.issues;

  throw new Error(`expected a ValidationError, got ${result.__typename}: ${result.message}`);
}

/** Returns the issue naming `field`, or undefined when there is none. */
function issueAt(issues: FieldIssue[], field: string) {
  return issues.find((issue) => issue.field === field);
}

/** Returns the first issue of a ValidationError, or the member itself when it is another type. */
function issueOf(result: { __typename: string; issues?: unknown[] }) {
  return result.__typename === 'ValidationError' ? result.issues?.[0] : result;
}

interface FieldIssue {
  field: string;
  value: string | null;
  message: string;
}

const MISSING_ID = '00000000-0000-4000-8000-000000000000';

describe('tasks', () => {
  let api: TestApi;
  let manager: TestActor;
  let ana: TestActor;
  let bogdan: TestActor;

  async function createTask(actor: TestActor, input: TaskInput) {
    return dataOf((await actor.client.request(CreateTaskDocument, { input })).createTask);
  }

  async function listIds(actor: TestActor, variables: TasksQueryVariables) {
    const result = await actor.client.request(TasksDocument, variables);

    return result.tasks.edges.map((edge) => edge.node.id);
  }

  beforeAll(async () => {
    api = await startTestApi({ maxPageSize: 50 });
    manager = await createActor(api, 'MANAGER', 'Maria Manager');
    ana = await createActor(api, 'AGENT', 'Ana Agent');
    bogdan = await createActor(api, 'AGENT', 'Bogdan Agent');
  });
  afterAll(async () => {
    await api.close();
  });

  describe('mutations', () => {
    it('createTask stores the fields and the creator', async () => {
      const partner = await insertPartner(api, 'Alfa Construct SRL');
      const task = await createTask(ana, {
        title: '  Install the router  ',
        description: 'Second floor',
        beneficiaryId: partner.globalId,
        responsibleId: bogdan.employeeGlobalId,
        plannedStart: '2026-04-01T08:00:00+03:00',
        deadline: '2026-04-02T17:00:00+03:00',
        estimatedHours: '2.50',
        billable: true,
      });

      expect(task).toMatchObject({
        title: 'Install the router',
        description: 'Second floor',
        status: 'OPEN',
        plannedStart: '2026-04-01T05:00:00.000Z',
        deadline: '2026-04-02T14:00:00.000Z',
        estimatedHours: '2.50',
        resolvedAt: null,
        billable: true,
        invoiced: false,
        beneficiary: { id: partner.globalId, name: 'Alfa Construct SRL' },
        responsible: { id: bogdan.employeeGlobalId, name: 'Bogdan Agent' },
        creator: { id: encodeGlobalID('User', ana.userId) },
        sourceOpportunity: null,
      });
    });

    it('createTaskFromContext takes the beneficiary from an opportunity', async () => {
      const partner = await insertPartner(api, 'Beta Logistic SA');
      const opportunity = await insertOpportunity(api, partner.id, 'Fleet tracking');
      const result = await ana.client.request(CreateTaskFromContextDocument, {
        input: { opportunityId: opportunity.globalId, title: 'Call the fleet manager' },
      });
      const task = dataOf(result.createTaskFromContext);

      expect(task.beneficiary?.id).toBe(partner.globalId);
      expect(task.sourceOpportunity?.id).toBe(opportunity.globalId);
    });

    it('createTaskFromContext takes the beneficiary from a partner', async () => {
      const partner = await insertPartner(api, 'Gama Farm SRL');
      const result = await ana.client.request(CreateTaskFromContextDocument, {
        input: { partnerId: partner.globalId, title: 'Send the price list' },
      });
      const task = dataOf(result.createTaskFromContext);

      expect(task.beneficiary?.id).toBe(partner.globalId);
      expect(task.sourceOpportunity).toBeNull();
    });

    it('updateTask changes given fields and clears nulls', async () => {
      const created = await createTask(ana, {
        title: 'Draft the offer',
        description: 'Use the 2026 prices',
        deadline: '2026-05-01T12:00:00Z',
      });
      const result = await ana.client.request(UpdateTaskDocument, {
        id: created.id,
        input: { title: 'Draft the revised offer', deadline: null, status: 'IN_PROGRESS' },
      });
      const task = dataOf(result.updateTask);

      expect(task.title).toBe('Draft the revised offer');
      expect(task.description).toBe('Use the 2026 prices');
      expect(task.deadline).toBeNull();
      expect(task.status).toBe('IN_PROGRESS');
    });

    it('assignTask moves the task to another employee', async () => {
      const created = await createTask(ana, { title: 'Check the invoice' });
      const result = await ana.client.request(AssignTaskDocument, {
        id: created.id,
        responsibleId: bogdan.employeeGlobalId,
      });

      expect(dataOf(result.assignTask).responsible?.id).toBe(bogdan.employeeGlobalId);
    });

    it('resolveTask records the time and reopenTask clears it', async () => {
      const created = await createTask(ana, { title: 'Replace the toner' });
      const resolvedAt = new Date(Date.now() + 60_000).toISOString();
      const resolved = dataOf(
        (await ana.client.request(ResolveTaskDocument, { id: created.id, resolvedAt })).resolveTask,
      );
      const reopened = dataOf(
        (await ana.client.request(ReopenTaskDocument, { id: created.id })).reopenTask,
      );

      expect(resolved.status).toBe('RESOLVED');
      expect(resolved.resolvedAt).toBe(resolvedAt);
      expect(reopened.status).toBe('OPEN');
      expect(reopened.resolvedAt).toBeNull();
    });

    it('resolveTask defaults the resolution time to now', async () => {
      const created = await createTask(ana, { title: 'Renew the domain' });
      const before = Date.now();
      const resolved = dataOf(
        (await ana.client.request(ResolveTaskDocument, { id: created.id })).resolveTask,
      );
      const resolvedAt = Date.parse(resolved.resolvedAt!);

      expect(resolvedAt).toBeGreaterThanOrEqual(before - 1000);
      expect(resolvedAt).toBeLessThanOrEqual(Date.now() + 1000);
    });
  });

  describe('input errors', () => {
    it('rejects an empty title', async () => {
      const result = await ana.client.request(CreateTaskDocument, { input: { title: '   ' } });

      expect(issueOf(result.createTask)).toEqual({
        field: 'input.title',
        value: '   ',
        message: 'must not be empty; give the task a short title',
      });
    });

    it('rejects a null title in updateTask', async () => {
      const created = await createTask(ana, { title: 'Keep my title' });
      const result = await ana.client.request(UpdateTaskDocument, {
        id: created.id,
        input: { title: null },
      });

      expect(issueOf(result.updateTask)).toEqual({
        field: 'input.title',
        value: null,
        message: 'must not be null because every task has one; leave the field out to keep it',
      });
    });

    it('rejects negative estimated hours', async () => {
      const result = await ana.client.request(CreateTaskDocument, {
        input: { title: 'Audit', estimatedHours: '-1.5' },
      });

      expect(issueOf(result.createTask)).toEqual({
        field: 'input.estimatedHours',
        value: '-1.5',
        message: 'must not be negative; send 0 or more',
      });
    });

    it('rejects a deadline before the planned start', async () => {
      const result = await ana.client.request(CreateTaskDocument, {
        input: {
          title: 'Audit',
          plannedStart: '2026-04-10T09:00:00Z',
          deadline: '2026-04-09T09:00:00Z',
        },
      });

      expect(issueOf(result.createTask)).toMatchObject({
        field: 'input.deadline',
        message: expect.stringContaining('must not be before plannedStart'),
      });
    });

    it('rejects an update moving the deadline before the stored start', async () => {
      const created = await createTask(ana, {
        title: 'Workshop',
        plannedStart: '2026-06-10T09:00:00Z',
      });
      const result = await ana.client.request(UpdateTaskDocument, {
        id: created.id,
        input: { deadline: '2026-06-09T09:00:00Z' },
      });

      expect(issueOf(result.updateTask)).toEqual({
        field: 'input.deadline',
        value: '2026-06-09T09:00:00.000Z',
        message:
          'must not be before the planned start (2026-06-10T09:00:00.000Z); move the deadline later',
      });
    });

    it('rejects RESOLVED as a status in updateTask', async () => {
      const created = await createTask(ana, { title: 'Backup' });
      const result = await ana.client.request(UpdateTaskDocument, {
        id: created.id,
        input: { status: 'RESOLVED' },
      });

      expect(issueOf(result.updateTask)).toMatchObject({
        field: 'input.status',
        message: 'must be OPEN or IN_PROGRESS; use resolveTask to resolve a task',
      });
    });

    it('rejects an unknown responsible naming the field', async () => {
      const result = await ana.client.request(CreateTaskDocument, {
        input: { title: 'Audit', responsibleId: encodeGlobalID('Employee', MISSING_ID) },
      });

      expect(result.createTask).toMatchObject({
        __typename: 'NotFoundError',
        entity: 'employee',
        field: 'input.responsibleId',
      });
    });

    it('rejects an unknown beneficiary naming the field', async () => {
      const result = await ana.client.request(CreateTaskDocument, {
        input: { title: 'Audit', beneficiaryId: encodeGlobalID('Partner', MISSING_ID) },
      });

      expect(result.createTask).toMatchObject({
        __typename: 'NotFoundError',
        entity: 'partner',
        field: 'input.beneficiaryId',
      });
    });

    it('rejects an unknown opportunity naming the field', async () => {
      const result = await ana.client.request(CreateTaskFromContextDocument, {
        input: { title: 'Call', opportunityId: encodeGlobalID('Opportunity', MISSING_ID) },
      });

      expect(result.createTaskFromContext).toMatchObject({
        __typename: 'NotFoundError',
        entity: 'opportunity',
        field: 'input.opportunityId',
      });
    });

    it('rejects a context with both an opportunity and a partner', async () => {
      const partner = await insertPartner(api, 'Delta Soft SRL');
      const opportunity = await insertOpportunity(api, partner.id, 'Licences');
      const result = await ana.client.request(CreateTaskFromContextDocument, {
        input: { title: 'Call', opportunityId: opportunity.globalId, partnerId: partner.globalId },
      });

      expect(issueOf(result.createTaskFromContext)).toMatchObject({
        field: 'input.partnerId',
        message: 'give exactly one of opportunityId and partnerId as the context of the task',
      });
    });

    it('rejects a context with neither an opportunity nor a partner', async () => {
      const result = await ana.client.request(CreateTaskFromContextDocument, {
        input: { title: 'Call' },
      });

      expect(issueOf(result.createTaskFromContext)).toMatchObject({
        field: 'input.opportunityId',
        message: 'give exactly one of opportunityId and partnerId as the context of the task',
      });
    });

    it('rejects an unknown task id naming the field', async () => {
      const result = await ana.client.request(AssignTaskDocument, {
        id: encodeGlobalID('Task', MISSING_ID),
        responsibleId: ana.employeeGlobalId,
      });

      expect(result.assignTask).toMatchObject({
        __typename: 'NotFoundError',
        entity: 'task',
        field: 'id',
      });
    });

    it('rejects the id of another type as a task id', async () => {
      const result = await ana.client.request(ReopenTaskDocument, {
        id: ana.employeeGlobalId,
      });

      expect(issueOf(result.reopenTask)).toEqual({
        field: 'id',
        value: ana.employeeGlobalId,
        message: 'must be the id of a Task, as its id field returns it',
      });
    });

    it('rejects resolving a resolved task as a conflict', async () => {
      const created = await createTask(ana, { title: 'Close the ticket' });
      await ana.client.request(ResolveTaskDocument, { id: created.id });
      const again = await ana.client.request(ResolveTaskDocument, { id: created.id });

      expect(again.resolveTask).toMatchObject({
        __typename: 'ConflictError',
        field: 'status',
        value: 'RESOLVED',
      });
    });

    it('rejects reopening an open task as a conflict', async () => {
      const created = await createTask(ana, { title: 'Order paper' });
      const result = await ana.client.request(ReopenTaskDocument, { id: created.id });

      expect(result.reopenTask).toMatchObject({
        __typename: 'ConflictError',
        field: 'status',
        value: 'OPEN',
      });
    });

    it('rejects a resolution time before registration', async () => {
      const created = await createTask(ana, { title: 'Send the contract' });
      const result = await ana.client.request(ResolveTaskDocument, {
        id: created.id,
        resolvedAt: '2020-01-01T00:00:00Z',
      });

      expect(issueOf(result.resolveTask)).toMatchObject({
        field: 'resolvedAt',
        value: '2020-01-01T00:00:00.000Z',
      });
    });

    it('rejects an empty response body', async () => {
      const created = await createTask(ana, { title: 'Ask for feedback' });
      const result = await ana.client.request(RespondToTaskDocument, {
        taskId: created.id,
        body: ' ',
      });

      expect(issueOf(result.respondToTask)).toMatchObject({ field: 'body' });
    });

    it('rejects a deadline range that ends before it starts', async () => {
      const request = ana.client.request(TasksDocument, {
        filter: { deadlineFrom: '2026-05-01T00:00:00Z', deadlineTo: '2026-04-01T00:00:00Z' },
      });

      await expect(request).rejects.toMatchObject({
        code: 'VALIDATION',
        message: expect.stringContaining('filter.deadlineTo: must be after deadlineFrom'),
      });
    });
  });

  describe('all input problems at once', () => {
    it('createTask reports every invalid field', async () => {
      const result = await ana.client.request(CreateTaskDocument, {
        input: {
          title: ' ',
          beneficiaryId: ana.employeeGlobalId,
          estimatedHours: '-2',
          plannedStart: '2026-04-10T09:00:00Z',
          deadline: '2026-04-09T09:00:00Z',
        },
      });
      const issues = issuesOf(result.createTask);

      expect(issues.map((issue) => issue.field)).toEqual([
        'input.title',
        'input.beneficiaryId',
        'input.estimatedHours',
        'input.deadline',
      ]);
      expect(issueAt(issues, 'input.title')).toEqual({
        field: 'input.title',
        value: ' ',
        message: 'must not be empty; give the task a short title',
      });
      expect(issueAt(issues, 'input.beneficiaryId')).toEqual({
        field: 'input.beneficiaryId',
        value: ana.employeeGlobalId,
        message: 'must be the id of a Partner, as its id field returns it',
      });
      expect(issueAt(issues, 'input.estimatedHours')).toEqual({
        field: 'input.estimatedHours',
        value: '-2',
        message: 'must not be negative; send 0 or more',
      });
      expect(issueAt(issues, 'input.deadline')).toEqual({
        field: 'input.deadline',
        value: '2026-04-09T09:00:00.000Z',
        message:
          'must not be before plannedStart (2026-04-10T09:00:00.000Z); move the deadline later or the start earlier',
      });
    });

    it('createTaskFromContext reports an id and a missing context', async () => {
      const result = await ana.client.request(CreateTaskFromContextDocument, {
        input: { title: 'Call', responsibleId: 'not-an-id' },
      });
      const issues = issuesOf(result.createTaskFromContext);

      expect(issueAt(issues, 'input.responsibleId')).toEqual({
        field: 'input.responsibleId',
        value: 'not-an-id',
        message: 'must be the id of an Employee, as its id field returns it',
      });
      expect(issueAt(issues, 'input.opportunityId')).toEqual({
        field: 'input.opportunityId',
        value: null,
        message: 'give exactly one of opportunityId and partnerId as the context of the task',
      });
    });

    it('updateTask reports the id and the input together', async () => {
      const result = await ana.client.request(UpdateTaskDocument, {
        id: ana.employeeGlobalId,
        input: { title: null, status: 'RESOLVED' },
      });
      const issues = issuesOf(result.updateTask);

      expect(issues.map((issue) => issue.field)).toEqual(['id', 'input.status', 'input.title']);
      expect(issueAt(issues, 'id')).toEqual({
        field: 'id',
        value: ana.employeeGlobalId,
        message: 'must be the id of a Task, as its id field returns it',
      });
      expect(issueAt(issues, 'input.status')).toEqual({
        field: 'input.status',
        value: 'RESOLVED',
        message: 'must be OPEN or IN_PROGRESS; use resolveTask to resolve a task',
      });
      expect(issueAt(issues, 'input.title')).toEqual({
        field: 'input.title',
        value: null,
        message: 'must not be null because every task has one; leave the field out to keep it',
      });
    });

    it('respondToTask reports the task id and the body', async () => {
      const result = await ana.client.request(RespondToTaskDocument, {
        taskId: 'VGFzazpub3BlCg==',
        body: '  ',
      });
      const issues = issuesOf(result.respondToTask);

      expect(issueAt(issues, 'taskId')).toEqual({
        field: 'taskId',
        value: 'VGFzazpub3BlCg==',
        message: 'must be the id of a Task, as its id field returns it',
      });
      expect(issueAt(issues, 'body')).toEqual({
        field: 'body',
        value: '  ',
        message: 'must not be empty; write a reply',
      });
    });

    it('assignTask reports both ids', async () => {
      const result = await ana.client.request(AssignTaskDocument, {
        id: 'x',
        responsibleId: 'y',
      });

      expect(issuesOf(result.assignTask).map((issue) => issue.field)).toEqual([
        'id',
        'responsibleId',
      ]);
    });

    it('rejects a title above 300 characters naming the maximum', async () => {
      const title = 'T'.repeat(301);
      const result = await ana.client.request(CreateTaskDocument, { input: { title } });

      expect(issuesOf(result.createTask)).toEqual([
        {
          field: 'input.title',
          value: `${'T'.repeat(77)}...`,
          message: 'must be at most 300 characters, but has 301; shorten it',
        },
      ]);
    });

    it('accepts a title of exactly 300 characters', async () => {
      const task = await createTask(ana, { title: 'T'.repeat(300) });

      expect(task.title).toHaveLength(300);
    });

    it('rejects a long title in updateTask and writes nothing', async () => {
      const created = await createTask(ana, { title: 'Short title' });
      const result = await ana.client.request(UpdateTaskDocument, {
        id: created.id,
        input: { title: 'U'.repeat(301), description: 'changed' },
      });
      const stored = await ana.client.request(TaskDocument, { id: created.id });

      expect(issueOf(result.updateTask)).toMatchObject({
        field: 'input.title',
        message: 'must be at most 300 characters, but has 301; shorten it',
      });
      expect(stored.task?.description).toBeNull();
    });

    it('stores a description as long as the input guard allows', async () => {
      const description = 'd'.repeat(100_000);
      const task = await createTask(ana, { title: 'Long notes', description });

      expect(task.description).toHaveLength(100_000);
    });
  });

  describe('default responsible', () => {
    it("createTask without a responsible gives the creator's employee", async () => {
      const task = await createTask(ana, { title: 'My own to-do' });

      expect(task.responsible?.id).toBe(ana.employeeGlobalId);
    });

    it('createTaskFromContext without a responsible gives the creator', async () => {
      const partner = await insertPartner(api, 'Own Context SRL');
      const result = await bogdan.client.request(CreateTaskFromContextDocument, {
        input: { partnerId: partner.globalId, title: 'Visit them' },
      });

      expect(dataOf(result.createTaskFromContext).responsible?.id).toBe(bogdan.employeeGlobalId);
    });

    it('createTask with a null responsible leaves it unassigned', async () => {
      const task = await createTask(ana, { title: 'Anyone', responsibleId: null });

      expect(task.responsible).toBeNull();
    });

    it('createTask by a user without an employee has no responsible', async () => {
      const [user] = await api.services.db
        .insert(users)
        .values({
          email: 'creator.without.employee@crm.test',
          name: 'Creator Without Employee',
          passwordHash: await hashPassword('secret-creator-123'),
        })
        .returning();
      const client = createCrmClient({ url: api.graphqlUrl });
      const login = await client.request(LoginDocument, {
        email: user!.email,
        password: 'secret-creator-123',
      });
      client.setToken(dataOf(login.login).token);
      const result = await client.request(CreateTaskDocument, { input: { title: 'Orphan' } });

      expect(dataOf(result.createTask).responsible).toBeNull();
    });
  });

  describe('permissions', () => {
    it('refuses an agent an update of a task of others', async () => {
      const task = await createTask(manager, {
        title: 'Review the budget',
        responsibleId: bogdan.employeeGlobalId,
      });
      const result = await ana.client.request(UpdateTaskDocument, {
        id: task.id,
        input: { title: 'Hijacked' },
      });

      expect(result.updateTask).toMatchObject({
        __typename: 'ForbiddenError',
        action: 'updateTask',
        message: expect.stringContaining(
          'agents may act only on tasks they created or are responsible for',
        ),
      });
    });

    it('refuses an agent resolving a task of others', async () => {
      const task = await createTask(bogdan, { title: 'Bogdan only' });
      const result = await ana.client.request(ResolveTaskDocument, { id: task.id });

      expect(result.resolveTask).toMatchObject({ __typename: 'ForbiddenError' });
    });

    it('refuses an agent a response on a task of others', async () => {
      const task = await createTask(bogdan, { title: 'Bogdan thread' });
      const result = await ana.client.request(RespondToTaskDocument, {
        taskId: task.id,
        body: 'Me too',
      });

      expect(result.respondToTask).toMatchObject({ __typename: 'ForbiddenError' });
    });

    it('lets an agent update a task they created', async () => {
      const task = await createTask(ana, {
        title: 'Ana draft',
        responsibleId: bogdan.employeeGlobalId,
      });
      const result = await ana.client.request(UpdateTaskDocument, {
        id: task.id,
        input: { title: 'Ana final' },
      });

      expect(dataOf(result.updateTask).title).toBe('Ana final');
    });

    it('lets an agent resolve a task they hold', async () => {
      const task = await createTask(manager, {
        title: 'For Ana',
        responsibleId: ana.employeeGlobalId,
      });
      const result = await ana.client.request(ResolveTaskDocument, { id: task.id });

      expect(dataOf(result.resolveTask).status).toBe('RESOLVED');
    });

    it('lets a manager reassign any task', async () => {
      const task = await createTask(ana, { title: 'Ana private' });
      const result = await manager.client.request(AssignTaskDocument, {
        id: task.id,
        responsibleId: bogdan.employeeGlobalId,
      });

      expect(dataOf(result.assignTask).responsible?.id).toBe(bogdan.employeeGlobalId);
    });

    it('lets every user read a task of others', async () => {
      const task = await createTask(bogdan, { title: 'Visible to all' });
      const result = await ana.client.request(TaskDocument, { id: task.id });

      expect(result.task?.title).toBe('Visible to all');
    });
  });

  describe('lists', () => {
    let partner: { id: string; globalId: string };
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      partner = await insertPartner(api, 'Lista Test SRL');
      const other = await insertPartner(api, 'Other List SRL');
      const rows: [string, TestActor, TaskInput][] = [
        ['anaForBogdan', ana, { title: 'A1', responsibleId: bogdan.employeeGlobalId }],
        ['bogdanForAna', bogdan, { title: 'B1', responsibleId: ana.employeeGlobalId }],
        ['managerForAna', manager, { title: 'M1', responsibleId: ana.employeeGlobalId }],
        ['anaUnassigned', ana, { title: 'A2', responsibleId: null }],
      ];
      const deadlines = [
        '2026-03-02T10:00:00Z',
        '2026-03-05T10:00:00Z',
        '2026-03-01T10:00:00Z',
        null,
      ];
      for (const [index, [key, actor, input]] of rows.entries()) {
        const task = await createTask(actor, {
          ...input,
          beneficiaryId: partner.globalId,
          deadline: deadlines[index],
        });
        ids[key] = task.id;
      }
      await createTask(ana, { title: 'Elsewhere', beneficiaryId: other.globalId });
      await manager.client.request(ResolveTaskDocument, { id: ids.bogdanForAna! });
    });

    const mine = () => ({ beneficiaryId: partner.globalId });

    it('lists every task in the ALL scope', async () => {
      const result = await listIds(ana, { scope: 'ALL', filter: mine() });

      expect(result).toEqual([
        ids.managerForAna,
        ids.anaForBogdan,
        ids.bogdanForAna,
        ids.anaUnassigned,
      ]);
    });

    it('lists tasks held by the viewer in FOR_ME', async () => {
      const result = await listIds(ana, { scope: 'FOR_ME', filter: mine() });

      expect(result).toEqual([ids.managerForAna, ids.bogdanForAna]);
    });

    it('lists tasks created by the viewer in FROM_ME', async () => {
      const result = await listIds(ana, { scope: 'FROM_ME', filter: mine() });

      expect(result).toEqual([ids.anaForBogdan, ids.anaUnassigned]);
    });

    it('lists nothing in FOR_ME without a linked employee', async () => {
      const [user] = await api.services.db
        .insert(users)
        .values({
          email: 'no.employee@crm.test',
          name: 'No Employee',
          passwordHash: await hashPassword('secret-no-employee'),
        })
        .returning();
      const client = createCrmClient({ url: api.graphqlUrl });
      const login = await client.request(LoginDocument, {
        email: user!.email,
        password: 'secret-no-employee',
      });
      client.setToken(dataOf(login.login).token);
      const result = await client.request(TasksDocument, { scope: 'FOR_ME' });

      expect(result.tasks.edges).toEqual([]);
    });

    it('filters by status', async () => {
      const result = await listIds(ana, { filter: { ...mine(), status: 'RESOLVED' } });

      expect(result).toEqual([ids.bogdanForAna]);
    });

    it('filters by a deadline range, start included and end excluded', async () => {
      const result = await listIds(ana, {
        filter: {
          ...mine(),
          deadlineFrom: '2026-03-02T10:00:00Z',
          deadlineTo: '2026-03-05T10:00:00Z',
        },
      });

      expect(result).toEqual([ids.anaForBogdan]);
    });

    it('filters by beneficiary', async () => {
      const result = await listIds(ana, { filter: mine() });

      expect(result).toHaveLength(4);
    });

    it('filters by responsible', async () => {
      const result = await listIds(ana, {
        filter: { ...mine(), responsibleId: bogdan.employeeGlobalId },
      });

      expect(result).toEqual([ids.anaForBogdan]);
    });

    it('orders by deadline descending with undated tasks first', async () => {
      const result = await listIds(ana, { filter: mine(), orderBy: 'DEADLINE_DESC' });

      expect(result).toEqual([
        ids.anaUnassigned,
        ids.bogdanForAna,
        ids.anaForBogdan,
        ids.managerForAna,
      ]);
    });

    it('orders by registration time, newest first', async () => {
      const result = await listIds(ana, { filter: mine(), orderBy: 'REGISTERED_AT_DESC' });

      expect(result).toEqual([
        ids.anaUnassigned,
        ids.managerForAna,
        ids.bogdanForAna,
        ids.anaForBogdan,
      ]);
    });

    it('pages forward and back by deadline without gaps', async () => {
      const first = await ana.client.request(TasksDocument, { filter: mine(), first: 3 });
      const second = await ana.client.request(TasksDocument, {
        filter: mine(),
        first: 3,
        after: first.tasks.pageInfo.endCursor,
      });
      const back = await ana.client.request(TasksDocument, {
        filter: mine(),
        last: 2,
        before: second.tasks.pageInfo.startCursor,
      });

      expect(first.tasks.pageInfo.hasNextPage).toBe(true);
      expect(second.tasks.edges.map((edge) => edge.node.id)).toEqual([ids.anaUnassigned]);
      expect(second.tasks.pageInfo.hasNextPage).toBe(false);
      expect(back.tasks.edges.map((edge) => edge.node.id)).toEqual([
        ids.anaForBogdan,
        ids.bogdanForAna,
      ]);
    });

    it('pages by registration time across equal deadlines', async () => {
      const paged = await insertPartner(api, 'Paging SRL');
      const created: string[] = [];
      for (let index = 0; index < 5; index += 1) {
        const task = await createTask(ana, {
          title: `Same deadline ${index}`,
          beneficiaryId: paged.globalId,
          deadline: '2026-07-01T09:00:00Z',
        });
        created.push(task.id);
      }
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 3; page += 1) {
        const result: TasksQuery = await ana.client.request(TasksDocument, {
          filter: { beneficiaryId: paged.globalId },
          orderBy: 'REGISTERED_AT_ASC',
          first: 2,
          after,
        });
        seen.push(...result.tasks.edges.map((edge) => edge.node.id));
        after = result.tasks.pageInfo.endCursor;
      }

      expect(seen).toEqual(created);
    });

    it('lists the tasks of partners through Partner.tasks', async () => {
      const result = await ana.client.request(PartnerTasksDocument, {
        ids: [partner.globalId],
        first: 2,
      });
      const node = result.nodes[0];
      const titles =
        node?.__typename === 'Partner' ? node.tasks.edges.map((edge) => edge.node.title) : [];

      expect(titles).toEqual(['M1', 'A1']);
    });

    it('filters Partner.tasks by status', async () => {
      const result = await ana.client.request(PartnerTasksDocument, {
        ids: [partner.globalId],
        status: 'RESOLVED',
      });
      const node = result.nodes[0];
      const titles =
        node?.__typename === 'Partner' ? node.tasks.edges.map((edge) => edge.node.title) : [];

      expect(titles).toEqual(['B1']);
    });
  });

  describe('statement counts', () => {
    const query = `query ($filter: TaskFilter, $first: Int) {
      tasks(filter: $filter, first: $first) {
        edges { node { ...TaskFields responses(first: 5) { edges { node { body author { name } } } } } }
      }
    }
    ${print(TaskFieldsFragmentDoc)}`;
    const nested = print(PartnerTasksDocument);

    async function seedTasks(count: number) {
      const partner = await insertPartner(api, `Batch ${count} SRL`);
      const opportunity = await insertOpportunity(api, partner.id, `Batch ${count}`);
      for (let index = 0; index < count; index += 1) {
        const result = await ana.client.request(CreateTaskFromContextDocument, {
          input: {
            opportunityId: opportunity.globalId,
            title: `Batch task ${index}`,
            responsibleId: (index % 2 ? ana : bogdan).employeeGlobalId,
          },
        });
        const task = dataOf(result.createTaskFromContext);
        await manager.client.request(RespondToTaskDocument, { taskId: task.id, body: 'Noted' });
      }

      return partner;
    }

    async function tokenOf(actor: TestActor) {
      const login = await postGraphQL<{ login: { data: { token: string } } }>(
        api.graphqlUrl,
        'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { ... on MutationLoginSuccess { data { token } } } }',
        { e: actor.email, p: actor.password },
      );

      return login.data!.login.data.token;
    }

    it('tasks page costs constant statements', async () => {
      const small = await seedTasks(2);
      const large = await seedTasks(12);
      const token = await tokenOf(ana);
      const read = (partnerId: string) =>
        postGraphQL<{ tasks: { edges: unknown[] } }>(
          api.graphqlUrl,
          query,
          { filter: { beneficiaryId: partnerId }, first: 20 },
          token,
        );
      // The first run of a statement text costs postgres.js an extra describe round trip.
      await read(small.globalId);
      const smallRead = await read(small.globalId);
      const largeRead = await read(large.globalId);

      expect(largeRead.data?.tasks.edges).toHaveLength(12);
      expect(largeRead.statements).toBe(smallRead.statements);
    });

    it('Partner.tasks batches across partners', async () => {
      const partners = await Promise.all([seedTasks(1), seedTasks(3), seedTasks(2)]);
      const token = await tokenOf(ana);
      await postGraphQL(api.graphqlUrl, nested, { ids: [partners[0]!.globalId] }, token);
      const one = await postGraphQL(
        api.graphqlUrl,
        nested,
        { ids: [partners[0]!.globalId] },
        token,
      );
      const many = await postGraphQL(
        api.graphqlUrl,
        nested,
        { ids: partners.map((partner) => partner.globalId) },
        token,
      );

      expect(many.errors).toBeUndefined();
      expect(many.statements).toBe(one.statements);
    });
  });

  describe('responses', () => {
    it('shows the thread of a task oldest first, paged', async () => {
      const task = await createTask(ana, {
        title: 'Thread',
        responsibleId: bogdan.employeeGlobalId,
      });
      for (const body of ['first', 'second', 'third']) {
        await bogdan.client.request(RespondToTaskDocument, { taskId: task.id, body });
      }
      const page = await ana.client.request(TaskDocument, { id: task.id, responsesFirst: 2 });
      const rest = await ana.client.request(TaskDocument, {
        id: task.id,
        responsesFirst: 2,
        responsesAfter: page.task?.responses.pageInfo.endCursor,
      });
      const bodies = [page, rest].flatMap(
        (result) => result.task?.responses.edges.map((edge) => edge.node.body) ?? [],
      );

      expect(bodies).toEqual(['first', 'second', 'third']);
    });

    it('lists responses to my tasks newest first, paged', async () => {
      const viewer = await createActor(api, 'AGENT', 'Irina Issuer');
      const own = dataOf(
        (
          await viewer.client.request(CreateTaskDocument, {
            input: { title: 'Mine', responsibleId: bogdan.employeeGlobalId },
          })
        ).createTask,
      );
      const foreign = await createTask(bogdan, { title: 'Not mine' });
      for (const body of ['r1', 'r2', 'r3']) {
        await bogdan.client.request(RespondToTaskDocument, { taskId: own.id, body });
      }
      await bogdan.client.request(RespondToTaskDocument, { taskId: foreign.id, body: 'other' });

      const first = await viewer.client.request(ResponsesToMyTasksDocument, { first: 2 });
      const second = await viewer.client.request(ResponsesToMyTasksDocument, {
        first: 2,
        after: first.responsesToMyTasks.pageInfo.endCursor,
      });
      const bodies = [first, second].flatMap((result) =>
        result.responsesToMyTasks.edges.map((edge) => edge.node.body),
      );

      expect(bodies).toEqual(['r3', 'r2', 'r1']);
      expect(second.responsesToMyTasks.pageInfo.hasNextPage).toBe(false);
    });

    it('returns null for a missing task', async () => {
      const result = await ana.client.request(TaskDocument, {
        id: encodeGlobalID('Task', MISSING_ID),
      });

      expect(result.task).toBeNull();
    });
  });
});
