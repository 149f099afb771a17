import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AssignTaskDocument,
  createCrmClient,
  CreateTaskDocument,
  type CreateTaskMutation,
  ReopenTaskDocument,
  ResolveTaskDocument,
  RespondToTaskDocument,
  type SubscriptionTransport,
  TaskAssignedDocument,
  TaskUpdatedDocument,
  UpdateTaskDocument,
} from '../sdk/index.js';
import type { EventName } from '../src/events/event-bus.js';
import { startTestApi, type TestApi } from './support/api.js';
import { watchSubscriptions } from './support/subscription-watch.js';
import { createActor, type TestActor, within } from './support/task-fixtures.js';

const WAIT_MS = 5000;

async function nextEvent<T>(events: AsyncIterator<T>, label: string): Promise<T> {
  const result = await within(events.next(), WAIT_MS, label);
  if (result.done) throw new Error(`the subscription ended before ${label}`);

  return result.value;
}

function taskOf(result: CreateTaskMutation['createTask']) {
  if (result.__typename !== 'MutationCreateTaskSuccess') throw new Error(result.__typename);

  return result.data;
}

describe('task subscriptions', () => {
  let api: TestApi;
  let probe: ReturnType<typeof watchSubscriptions>;
  let manager: TestActor;
  let ana: TestActor;
  let bogdan: TestActor;

  /** Subscribes `actor` and waits until the server listens. `first` is the first event. */
  async function listen<Result>(
    actor: TestActor,
    event: EventName,
    document: TypedDocumentNode<Result, Record<string, never>>,
    transport: SubscriptionTransport,
  ) {
    const started = probe.nextStart(event, actor.userId);
    const events = actor.client.subscribe(document, {}, transport);
    const first = nextEvent(events, `the first ${event} event`);
    await within(started, WAIT_MS, `${event} of ${actor.email} to start over ${transport}`);

    return { events, first };
  }

  beforeAll(async () => {
    api = await startTestApi();
    probe = watchSubscriptions(api);
    manager = await createActor(api, 'MANAGER', 'Mara Manager');
    ana = await createActor(api, 'AGENT', 'Ana Subscriber');
    bogdan = await createActor(api, 'AGENT', 'Bogdan Subscriber');
  });
  afterEach(() => {
    for (const actor of [manager, ana, bogdan]) actor.client.close();
  });
  afterAll(async () => {
    await api.close();
  });

  for (const transport of ['sse', 'ws'] as const) {
    describe(`over ${transport}`, () => {
      it('taskAssigned delivers a task created for me', async () => {
        const { first } = await listen(ana, 'taskAssigned', TaskAssignedDocument, transport);
        const created = taskOf(
          (
            await manager.client.request(CreateTaskDocument, {
              input: {
                title: `Created for Ana (${transport})`,
                responsibleId: ana.employeeGlobalId,
              },
            })
          ).createTask,
        );
        const event = await first;

        expect(event.taskAssigned).toMatchObject({
          id: created.id,
          title: `Created for Ana (${transport})`,
          responsible: { id: ana.employeeGlobalId },
        });
      });

      it('taskAssigned delivers a reassigned task', async () => {
        const created = taskOf(
          (
            await manager.client.request(CreateTaskDocument, {
              input: {
                title: `Moved to Bogdan (${transport})`,
                responsibleId: ana.employeeGlobalId,
              },
            })
          ).createTask,
        );
        const { first } = await listen(bogdan, 'taskAssigned', TaskAssignedDocument, transport);
        await manager.client.request(AssignTaskDocument, {
          id: created.id,
          responsibleId: bogdan.employeeGlobalId,
        });
        const event = await first;

        expect(event.taskAssigned.responsible?.id).toBe(bogdan.employeeGlobalId);
      });

      it('taskUpdated delivers edits, resolution, reopening and responses', async () => {
        const created = taskOf(
          (
            await ana.client.request(CreateTaskDocument, {
              input: { title: `Tracked (${transport})`, responsibleId: bogdan.employeeGlobalId },
            })
          ).createTask,
        );
        const { events, first } = await listen(ana, 'taskUpdated', TaskUpdatedDocument, transport);

        await bogdan.client.request(UpdateTaskDocument, {
          id: created.id,
          input: { title: `Tracked, edited (${transport})` },
        });
        const edited = (await first).taskUpdated;
        await bogdan.client.request(ResolveTaskDocument, { id: created.id });
        const resolved = (await nextEvent(events, 'the resolution')).taskUpdated;
        await bogdan.client.request(ReopenTaskDocument, { id: created.id });
        const reopened = (await nextEvent(events, 'the reopening')).taskUpdated;
        await bogdan.client.request(RespondToTaskDocument, { taskId: created.id, body: 'Done' });
        const responded = (await nextEvent(events, 'the response')).taskUpdated;

        expect(edited.title).toBe(`Tracked, edited (${transport})`);
        expect(resolved).toMatchObject({ id: created.id, status: 'RESOLVED' });
        expect(reopened).toMatchObject({ id: created.id, status: 'OPEN' });
        expect(responded.id).toBe(created.id);
      });

      it("never delivers one user's taskAssigned events to another", async () => {
        const forAna = await listen(ana, 'taskAssigned', TaskAssignedDocument, transport);
        const forBogdan = await listen(bogdan, 'taskAssigned', TaskAssignedDocument, transport);

        const anaTask = taskOf(
          (
            await manager.client.request(CreateTaskDocument, {
              input: { title: 'Only Ana', responsibleId: ana.employeeGlobalId },
            })
          ).createTask,
        );
        const bogdanTask = taskOf(
          (
            await manager.client.request(CreateTaskDocument, {
              input: { title: 'Only Bogdan', responsibleId: bogdan.employeeGlobalId },
            })
          ).createTask,
        );

        const anaEvent = await forAna.first;
        const bogdanEvent = await forBogdan.first;

        expect(anaEvent.taskAssigned.id).toBe(anaTask.id);
        expect(bogdanEvent.taskAssigned.id).toBe(bogdanTask.id);
      });

      it("never delivers one user's taskUpdated events to another", async () => {
        const anaOwn = taskOf(
          (await ana.client.request(CreateTaskDocument, { input: { title: 'Ana own' } }))
            .createTask,
        );
        const bogdanOwn = taskOf(
          (await bogdan.client.request(CreateTaskDocument, { input: { title: 'Bogdan own' } }))
            .createTask,
        );
        const forBogdan = await listen(bogdan, 'taskUpdated', TaskUpdatedDocument, transport);

        await ana.client.request(UpdateTaskDocument, {
          id: anaOwn.id,
          input: { title: 'Ana own, edited' },
        });
        await bogdan.client.request(UpdateTaskDocument, {
          id: bogdanOwn.id,
          input: { title: 'Bogdan own, edited' },
        });
        const event = await forBogdan.first;

        expect(event.taskUpdated.id).toBe(bogdanOwn.id);
      });
    });
  }

  it('rejects a subscription without a token', async () => {
    const anonymous = createCrmClient({ url: api.graphqlUrl });
    const events = anonymous.subscribe(TaskAssignedDocument, {}, 'sse');

    await expect(within(events.next(), WAIT_MS, 'the rejection')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    anonymous.close();
  });
});
