import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  MarkAllMessagesReadDocument,
  MarkMessageReadDocument,
  MessagePollingDocument,
  MessageReceivedDocument,
  MessagesDocument,
  UnreadMessageCountDocument,
} from '../sdk/index.js';
import { postMessage, publishMessages } from '../src/messages/post-message.js';
import { startTestApi, type TestApi } from './support/api.js';
import { postGraphQL } from './support/graphql.js';
import { createActor, type TestActor, within } from './support/task-fixtures.js';

describe('message stack', () => {
  let api: TestApi;
  let ana: TestActor;
  let bogdan: TestActor;

  /** Posts messages to `actor` in one committed transaction and announces them. */
  async function post(actor: TestActor, titles: string[]) {
    const rows = await api.services.db.transaction(async (tx) => {
      const posted = [];
      for (const title of titles) {
        posted.push(
          await postMessage(tx, {
            userId: actor.userId,
            kind: 'TASK_LAUNCH',
            title,
            body: `Body of ${title}`,
            relatedType: 'Task',
            relatedId: '00000000-0000-4000-8000-000000000001',
          }),
        );
      }

      return posted;
    });
    publishMessages(api.services.events, rows);

    return rows;
  }

  async function titles(actor: TestActor, unreadOnly: boolean, first = 50) {
    const result = await actor.client.request(MessagesDocument, { unreadOnly, first });

    return result.messages.edges.map((edge) => edge.node.title);
  }

  beforeAll(async () => {
    api = await startTestApi();
    ana = await createActor(api, 'AGENT', 'Ana Messages');
    bogdan = await createActor(api, 'AGENT', 'Bogdan Messages');
  });
  afterEach(() => {
    ana.client.close();
    bogdan.client.close();
  });
  afterAll(async () => {
    await api.close();
  });

  it('lists newest first and counts unread', async () => {
    await post(ana, ['first', 'second', 'third']);
    const count = await ana.client.request(UnreadMessageCountDocument);

    expect(await titles(ana, false)).toEqual(['third', 'second', 'first']);
    expect(count.unreadMessageCount).toBe(3);
  });

  it("never shows another user's messages", async () => {
    await post(bogdan, ['for bogdan']);

    expect(await titles(ana, false)).not.toContain('for bogdan');
    expect(await titles(bogdan, false)).toEqual(['for bogdan']);
  });

  it('pages with the cursor', async () => {
    const firstPage = await ana.client.request(MessagesDocument, { first: 2 });
    const next = await ana.client.request(MessagesDocument, {
      first: 2,
      after: firstPage.messages.pageInfo.endCursor,
    });

    expect(firstPage.messages.edges.map((edge) => edge.node.title)).toEqual(['third', 'second']);
    expect(firstPage.messages.pageInfo.hasNextPage).toBe(true);
    expect(next.messages.edges.map((edge) => edge.node.title)).toEqual(['first']);
    expect(next.messages.pageInfo.hasNextPage).toBe(false);
  });

  it('marks one message read', async () => {
    const [message] = await post(ana, ['to read']);
    const result = await ana.client.request(MarkMessageReadDocument, {
      id: encodeGlobalID('Message', message!.id),
    });
    const payload = result.markMessageRead;
    if (payload.__typename !== 'MutationMarkMessageReadSuccess')
      throw new Error(payload.__typename);

    expect(payload.data.read).toBe(true);
    expect(payload.data.readAt).not.toBeNull();
    expect(await titles(ana, true)).not.toContain('to read');
    expect(await titles(ana, false)).toContain('to read');
  });

  it('marking read again keeps the read time', async () => {
    const [message] = await post(ana, ['read twice']);
    const id = encodeGlobalID('Message', message!.id);
    const first = await ana.client.request(MarkMessageReadDocument, { id });
    const second = await ana.client.request(MarkMessageReadDocument, { id });
    if (first.markMessageRead.__typename !== 'MutationMarkMessageReadSuccess') throw new Error();
    if (second.markMessageRead.__typename !== 'MutationMarkMessageReadSuccess') throw new Error();

    expect(second.markMessageRead.data.readAt).toBe(first.markMessageRead.data.readAt);
  });

  it("another user's message is not found", async () => {
    const [message] = await post(bogdan, ['private to bogdan']);
    const result = await ana.client.request(MarkMessageReadDocument, {
      id: encodeGlobalID('Message', message!.id),
    });

    expect(result.markMessageRead.__typename).toBe('NotFoundError');
    expect(await titles(bogdan, true)).toContain('private to bogdan');
  });

  it('malformed id is a validation error', async () => {
    const result = await ana.client.request(MarkMessageReadDocument, {
      id: encodeGlobalID('Task', '00000000-0000-4000-8000-000000000001'),
    });
    const payload = result.markMessageRead;
    if (payload.__typename !== 'ValidationError') throw new Error(payload.__typename);

    expect(payload.issues[0]!.field).toBe('id');
  });

  it('marks all messages read', async () => {
    await post(ana, ['one more']);
    const unread = (await ana.client.request(UnreadMessageCountDocument)).unreadMessageCount;
    const result = await ana.client.request(MarkAllMessagesReadDocument);
    const payload = result.markAllMessagesRead;
    if (payload.__typename !== 'MutationMarkAllMessagesReadSuccess') {
      throw new Error(payload.__typename);
    }
    const after = await ana.client.request(UnreadMessageCountDocument);

    expect(payload.data.markedCount).toBe(unread);
    expect(after.unreadMessageCount).toBe(0);
    expect(await titles(ana, true)).toEqual([]);
    expect((await bogdan.client.request(UnreadMessageCountDocument)).unreadMessageCount).toBe(2);
  });

  it('polling query returns the refresh interval', async () => {
    const result = await ana.client.request(MessagePollingDocument);

    expect(result.settings.newTaskRefreshMinutes).toBe(5);
    expect(result.unreadMessageCount).toBe(0);
  });

  it('page statements do not grow with size', async () => {
    await post(
      ana,
      Array.from({ length: 30 }, (_, index) => `bulk ${index}`),
    );
    const query = 'query ($first: Int) { messages(first: $first) { edges { node { id title } } } }';
    const token = await tokenOf(ana);
    const small = await postGraphQL(api.graphqlUrl, query, { first: 2 }, token);
    const large = await postGraphQL(api.graphqlUrl, query, { first: 30 }, token);

    expect(large.statements).toBe(small.statements);
  });

  for (const transport of ['sse', 'ws'] as const) {
    it(`messageReceived reaches only its user over ${transport}`, async () => {
      const anaEvents = ana.client.subscribe(MessageReceivedDocument, {}, transport);
      const bogdanEvents = bogdan.client.subscribe(MessageReceivedDocument, {}, transport);
      const anaFirst = anaEvents.next();
      const bogdanFirst = bogdanEvents.next();
      // The subscriptions must be listening before the message is posted.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const [message] = await post(ana, [`live over ${transport}`]);
      const event = await within(anaFirst, 5000, 'the messageReceived event');
      const bogdanGot = await Promise.race([
        bogdanFirst.then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), 500)),
      ]);

      expect(event.value?.messageReceived.id).toBe(encodeGlobalID('Message', message!.id));
      expect(event.value?.messageReceived.title).toBe(`live over ${transport}`);
      expect(bogdanGot).toBe(false);
    });
  }

  async function tokenOf(actor: TestActor): Promise<string> {
    const response = await postGraphQL<{ login: { data?: { token: string } } }>(
      api.graphqlUrl,
      `mutation ($email: String!, $password: String!) {
        login(email: $email, password: $password) {
          ... on MutationLoginSuccess { data { token } }
        }
      }`,
      { email: actor.email, password: actor.password },
    );

    return response.data!.login.data!.token;
  }
});
