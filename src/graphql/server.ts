import { randomUUID } from 'node:crypto';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { GraphQLError } from 'graphql';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import { useValidationRule } from '@envelop/core';
import { useInputGuard } from './input-guard.js';
import { createPageCostRule, DEFAULT_MAX_OBJECTS } from './page-cost.js';
import { sql } from 'drizzle-orm';
import { authenticate, bearerToken } from '../auth/tokens.js';
import { useFileDownloads } from '../attachments/types.js';
import { findCrmError } from '../errors.js';
import { logger } from '../logger.js';
import type { AppServices, Context } from './context.js';
import { schema } from './schema.js';

const log = logger.child({ module: 'graphql' });

/** Request bytes allowed beyond the file size limit: the operation, the map and part headers. */
const MULTIPART_ENVELOPE_BYTES = 1024 * 1024;

/** Turns expected failures into coded GraphQL errors; masks and logs everything else. */
function maskError(error: unknown, message: string): GraphQLError {
  const expected = findCrmError(error);
  if (expected) {
    return new GraphQLError(expected.message, { extensions: { code: expected.code } });
  }
  if (error instanceof GraphQLError && !error.originalError) return error;
  if (error instanceof GraphQLError && isRejectedInput(error.originalError)) {
    // graphql-jit wraps a scalar's rejection of a variable in its own error, which names the
    // variable and the value, and the scalar's message adds the expected format.
    return new GraphQLError(`${error.message} ${error.originalError.message}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }

  const original = error instanceof GraphQLError ? error.originalError : error;
  const errorId = randomUUID();
  log.error({ err: original, errorId }, 'unexpected error in a GraphQL operation');

  return new GraphQLError(`${message} (error id ${errorId})`, {
    extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
  });
}

/** Returns whether a scalar's parseValue rejected a client value. */
function isRejectedInput(error: Error | undefined): error is GraphQLError {
  return error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT';
}

export async function buildContext(
  services: AppServices,
  authorization: string | null | undefined,
): Promise<Context> {
  const token = bearerToken(authorization);
  const viewer = token ? await authenticate(services.db, token) : null;
  const requestId = randomUUID();

  return {
    ...services,
    viewer,
    requestId,
    log: log.child({ requestId, userId: viewer?.userId }),
  };
}

export function createGraphQLServer(services: AppServices) {
  return createYoga<{ req?: unknown }, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: { title: 'CRM GraphiQL', subscriptionsProtocol: 'GRAPHQL_SSE' },
    // Served from the package, so GraphiQL works without access to a CDN.
    renderGraphiQL,
    batching: false,
    // Room for an upload of the largest accepted file plus the multipart envelope, so a file just
    // over the limit gets the ValidationError that names it rather than a bare 413.
    maxRequestBodySize: services.files.maxBytes + MULTIPART_ENVELOPE_BYTES,
    maskedErrors: { maskError },
    logging: false,
    // WebSocket operations arrive with their context already built from connectionParams.
    context: (initial) =>
      'viewer' in initial
        ? (initial as unknown as Context)
        : buildContext(services, initial.request.headers.get('authorization')),
    plugins: [
      EnvelopArmorPlugin({
        maxDepth: { n: 10 },
        maxAliases: { n: 15 },
        maxTokens: { n: 3000 },
        maxDirectives: { n: 20 },
        // Replaced by the page-aware estimate below, which multiplies by page sizes.
        costLimit: { enabled: false },
        blockFieldSuggestion: { enabled: true },
      }),
      useValidationRule(createPageCostRule(DEFAULT_MAX_OBJECTS, services.maxPageSize)),
      useInputGuard(),
      useGraphQlJit(),
      useFileDownloads(services),
      useReadinessCheck({
        endpoint: '/ready',
        check: async () => {
          await services.db.execute(sql`select 1`);
        },
      }),
    ],
  });
}
