import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { runWithStatementCount } from './db/statement-counter.js';
import type { AppServices } from './graphql/context.js';
import { buildContext, createGraphQLServer } from './graphql/server.js';

/** Response header with the number of SQL statements a request ran, when enabled. */
export const STATEMENT_COUNT_HEADER = 'x-sql-statements';

export interface HttpServerOptions {
  /** Adds the statement count header to every response; for tests and benchmarks. */
  countStatements?: boolean;
}

/** Serves `/graphql` over HTTP (queries, mutations, SSE) and WebSocket (graphql-ws). */
export function createHttpServer(services: AppServices, options: HttpServerOptions = {}) {
  const yoga = createGraphQLServer(services);
  const server = createServer((request, response) => {
    const count = { statements: 0 };
    if (options.countStatements) {
      const writeHead = response.writeHead.bind(response);
      response.writeHead = ((...args: Parameters<typeof writeHead>) => {
        response.setHeader(STATEMENT_COUNT_HEADER, String(count.statements));

        return writeHead(...args);
      }) as typeof response.writeHead;
    }
    // AsyncLocalStorage costs CPU on every promise, so requests are counted only when asked.
    if (options.countStatements) {
      runWithStatementCount(count, () => yoga.handle(request, response));
    } else {
      void yoga.handle(request, response);
    }
  });
  const webSockets = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  const wsServer = useServer(
    {
      execute: (args) => (args as EnvelopArgs).rootValue.execute(args) as never,
      subscribe: (args) => (args as EnvelopArgs).rootValue.subscribe(args) as never,
      onSubscribe: async (ctx, _id, payload) => {
        const authorization = ctx.connectionParams?.authorization;
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
        });
        const args = {
          schema,
          operationName: payload.operationName,
          document: parse(payload.query),
          variableValues: payload.variables,
          contextValue: await contextFactory(
            await buildContext(services, typeof authorization === 'string' ? authorization : null),
          ),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);

        return errors.length > 0 ? errors : args;
      },
    },
    webSockets,
  );

  return {
    server,
    yoga,
    async listen(port: number, host: string): Promise<string> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address() as AddressInfo;

      return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    },
    async close(): Promise<void> {
      await wsServer.dispose();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

type EnvelopArgs = ExecutionArgs & {
  rootValue: {
    execute: (args: ExecutionArgs) => unknown;
    subscribe: (args: ExecutionArgs) => unknown;
  };
};

export type HttpServer = ReturnType<typeof createHttpServer> & { server: Server };
