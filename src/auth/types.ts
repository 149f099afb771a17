import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors.js';
import { builder } from '../graphql/builder.js';
import { mutationErrors } from '../graphql/error-types.js';
import { maskEmail } from '../logger.js';
import { boundedText, emailAddress } from '../validation/text.js';
import { PASSWORD_MAX_LENGTH } from './admin-rules.js';
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from './login-throttle.js';
import { verifyPassword } from './passwords.js';
import { tokens, users } from './tables.js';
import { issueToken } from './tokens.js';
import { OWN_USER_SCOPE, privateUserField } from './user-privacy.js';

export const RoleEnum = builder.enumType('Role', {
  values: ['ADMIN', 'MANAGER', 'AGENT'] as const,
});

export type UserRow = typeof users.$inferSelect;

export const UserRef = builder.loadableNode('User', {
  id: { resolve: (user: UserRow) => user.id },
  load: async (ids: string[], context) => {
    const rows = await context.db.query.users.findMany({
      where: (u, { inArray }) => inArray(u.id, ids),
    });
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('user', id));
  },
  fields: (t) => ({
    email: t.exposeString('email', privateUserField),
    name: t.exposeString('name'),
    role: t.expose('role', { type: RoleEnum, ...privateUserField }),
    active: t.exposeBoolean('active', privateUserField),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const LoginPayload = builder
  .objectRef<{ token: string; user: UserRow; expiresAt: Date | null }>('LoginPayload')
  .implement({
    fields: (t) => ({
      token: t.exposeString('token', { description: 'Bearer token; shown once, store it safely.' }),
      expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
      user: t.field({
        type: UserRef,
        grantScopes: [OWN_USER_SCOPE],
        resolve: (payload) => payload.user,
      }),
    }),
  });

builder.queryField('me', (t) =>
  t.field({
    type: UserRef,
    resolve: (_root, _args, context) => context.viewer!.userId,
  }),
);

/** Both arguments checked in one pass; the limits keep oversized values away from the database. */
const loginArgs = z.object({
  email: emailAddress('ana@firma.ro'),
  password: boundedText(PASSWORD_MAX_LENGTH).min(1, 'must not be empty; send your password'),
});

builder.mutationField('login', (t) =>
  t.field({
    type: LoginPayload,
    skipTypeScopes: true,
    errors: mutationErrors,
    args: t.validate({ email: t.arg.string(), password: t.arg.string() }, loginArgs),
    resolve: async (_root, args, context) => {
      const email = args.email.trim().toLowerCase();
      await assertLoginAllowed(context.db, email);
      const user = await context.db.query.users.findFirst({ where: eq(users.email, email) });
      const valid = user?.active && (await verifyPassword(user.passwordHash, args.password));
      if (!user || !valid) {
        await recordLoginFailure(context.db, email);
        context.log.warn(
          { event: 'login_failed', email: maskEmail(email), userId: user?.id },
          'login failed',
        );
        throw new ForbiddenError('login', 'unknown email or wrong password; check both and retry');
      }
      await clearLoginFailures(context.db, email);
      const { token, record } = await issueToken(context.db, user.id, 'SESSION');
      context.log.info({ event: 'login', userId: user.id, tokenId: record.id }, 'user logged in');

      return { token, user, expiresAt: record.expiresAt };
    },
  }),
);

builder.mutationField('logout', (t) =>
  t.field({
    type: 'Boolean',
    errors: mutationErrors,
    resolve: async (_root, _args, context) => {
      if (!context.viewer) throw new UnauthenticatedError();
      await context.db
        .update(tokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(tokens.id, context.viewer.tokenId)));

      return true;
    },
  }),
);
