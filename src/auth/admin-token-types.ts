import { and, eq, isNull, sql } from 'drizzle-orm';
import { builder } from '../graphql/builder.js';
import { mutationErrors } from '../graphql/error-types.js';
import { resolveKeysetConnection } from '../graphql/keyset.js';
import { anyOf } from '../graphql/pagination.js';
import { TEXT_LIMITS } from '../validation/text.js';
import { createApiTokenArgs, revokeApiTokenArgs } from './admin-rules.js';
import { createApiToken, revokeApiToken, type TokenRow } from './admin-tokens.js';
import { tokens } from './tables.js';
import { UserRef } from './types.js';
import { NotFoundError } from '../errors.js';

/** API tokens always have a name; the coalesce keeps the keyset sort key non-null. */
const tokenName = sql<string>`coalesce(${tokens.name}, '')`;

export const ApiTokenRef = builder.loadableNode('ApiToken', {
  description: 'An API token for an integration. The token itself is shown only at creation.',
  authScopes: { admin: true },
  id: { resolve: (token: TokenRow) => token.id },
  load: async (ids: string[], context) => {
    const rows = await context.db
      .select()
      .from(tokens)
      .where(and(anyOf(tokens.id, ids), eq(tokens.kind, 'API')));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('API token', id));
  },
  fields: (t) => ({
    name: t.string({ resolve: (token) => token.name ?? '' }),
    user: t.field({ type: UserRef, resolve: (token) => token.userId }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    active: t.boolean({
      description: 'Not revoked and not expired.',
      resolve: (token) =>
        token.revokedAt === null && (token.expiresAt === null || token.expiresAt > new Date()),
    }),
  }),
});

const ApiTokenCreated = builder
  .objectRef<{ token: string; apiToken: TokenRow }>('ApiTokenCreated')
  .implement({
    fields: (t) => ({
      token: t.exposeString('token', {
        description: 'The bearer token; shown only in this response, so store it safely.',
      }),
      apiToken: t.field({ type: ApiTokenRef, resolve: (created) => created.apiToken }),
    }),
  });

builder.queryField('apiTokens', (t) =>
  t.connection({
    type: ApiTokenRef,
    authScopes: { admin: true },
    description: "A user's API tokens ordered by name, without the tokens themselves.",
    args: {
      userId: t.arg.globalID({ for: UserRef }),
      includeRevoked: t.arg.boolean({ required: false, defaultValue: false }),
    },
    resolve: (_root, args, context) =>
      resolveKeysetConnection(
        args,
        context.maxPageSize,
        {
          key: tokenName,
          id: tokens.id,
          descending: false,
          cursorOf: (row: TokenRow) => [row.name ?? '', row.id],
        },
        ({ where, orderBy, limit }) =>
          context.db
            .select()
            .from(tokens)
            .where(
              and(
                where,
                eq(tokens.userId, args.userId.id),
                eq(tokens.kind, 'API'),
                args.includeRevoked ? undefined : isNull(tokens.revokedAt),
              ),
            )
            .orderBy(...orderBy)
            .limit(limit),
      ),
  }),
);

builder.mutationField('createApiToken', (t) =>
  t.field({
    type: ApiTokenCreated,
    authScopes: { admin: true },
    errors: mutationErrors,
    args: t.validate(
      {
        userId: t.arg.id(),
        name: t.arg.string({ description: `Trimmed, 1 to ${TEXT_LIMITS.name} characters.` }),
      },
      createApiTokenArgs,
    ),
    resolve: async (_root, args, context) => {
      const { token, record } = await createApiToken(context.db, args.userId, args.name);
      context.log.info(
        { event: 'api_token_created', targetUserId: record.userId, tokenId: record.id },
        'API token created',
      );

      return { token, apiToken: record };
    },
  }),
);

builder.mutationField('revokeApiToken', (t) =>
  t.field({
    type: ApiTokenRef,
    authScopes: { admin: true },
    errors: mutationErrors,
    args: t.validate({ id: t.arg.id() }, revokeApiTokenArgs),
    resolve: async (_root, args, context) => {
      const token = await revokeApiToken(context.db, args.id);
      context.log.info(
        { event: 'api_token_revoked', targetUserId: token.userId, tokenId: token.id },
        'API token revoked',
      );

      return token;
    },
  }),
);
