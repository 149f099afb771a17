import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { toMultipartBody } from './multipart.js';

export * from './generated/graphql.js';

export interface CrmClientOptions {
  /** The GraphQL endpoint, such as `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** A session token from `login` or an API token; sent as `Authorization: Bearer`. */
  token?: string | null;
}

export type SubscriptionTransport = 'sse' | 'ws';

/** A GraphQL error list from the server, such as UNAUTHENTICATED or a masked internal error. */
export class CrmRequestError extends Error {
  constructor(readonly errors: readonly { message: string; extensions?: { code?: string } }[]) {
    super(errors.map((error) => error.message).join('; '));
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

interface ExecutionResult<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * Creates a typed client: `request` for queries and mutations (as a multipart request when the
 * variables hold files), `subscribe` over SSE or WebSocket.
 */
export function createCrmClient(options: CrmClientOptions) {
  let token = options.token ?? null;
  const headers = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  const closers = new Set<() => void>();

  async function request<Result, Variables>(
    document: TypedDocumentNode<Result, Variables>,
    ...[variables]: Variables extends Record<string, never> ? [] | [Variables] : [Variables]
  ): Promise<Result> {
    const query = print(document);
    // Variables holding a File or Blob go as a multipart request; fetch sets its content type.
    const form = toMultipartBody(query, (variables ?? {}) as Record<string, unknown>);
    const response = await fetch(options.url, {
      method: 'POST',
      headers: form
        ? { accept: 'application/json', ...headers() }
        : { 'content-type': 'application/json', accept: 'application/json', ...headers() },
      body: form ?? JSON.stringify({ query, variables: variables ?? {} }),
    });
    const body = (await response.json()) as ExecutionResult<Result>;
    if (body.errors?.length) throw new CrmRequestError(body.errors);
    if (!body.data)
      throw new CrmRequestError([{ message: `HTTP ${response.status} without data` }]);

    return body.data;
  }

  function subscribe<Result, Variables>(
    document: TypedDocumentNode<Result, Variables>,
    variables: Variables,
    transport: SubscriptionTransport = 'sse',
  ): AsyncIterableIterator<Result> {
    const payload = {
      query: print(document),
      variables: (variables ?? {}) as Record<string, unknown>,
    };
    const client =
      transport === 'sse'
        ? createSseClient({ url: options.url, headers })
        : createWsClient({
            url: options.url.replace(/^http/, 'ws'),
            webSocketImpl: WebSocket,
            connectionParams: () => headers(),
            lazy: true,
          });
    closers.add(() => void client.dispose());
    const results = client.iterate(payload) as AsyncIterableIterator<ExecutionResult<Result>>;

    return unwrap(results, () => void client.dispose());
  }

  return {
    request,
    subscribe,
    setToken(next: string | null) {
      token = next;
    },
    /** Closes every open subscription. */
    close() {
      for (const close of closers) close();
      closers.clear();
    },
  };
}

async function* unwrap<Result>(
  results: AsyncIterableIterator<ExecutionResult<Result>>,
  dispose: () => void,
): AsyncIterableIterator<Result> {
  try {
    for await (const result of results) {
      if (result.errors?.length) throw new CrmRequestError(result.errors);
      if (result.data) yield result.data;
    }
  } finally {
    dispose();
  }
}

export type CrmClient = ReturnType<typeof createCrmClient>;
