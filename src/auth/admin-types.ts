import { and, eq, ilike, or } from 'drizzle-orm';
import { EmployeeRef } from '../employees/types.js';
import { employees } from '../employees/tables.js';
import { builder } from '../graphql/builder.js';
import { mutationErrors } from '../graphql/error-types.js';
import { resolveKeysetConnection } from '../graphql/keyset.js';
import { anyOf } from '../graphql/pagination.js';
import { TEXT_LIMITS } from '../validation/text.js';
import {
  createUserArgs,
  linkUserArgs,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  setUserPasswordArgs,
  updateUserArgs,
} from './admin-rules.js';
import {
  createUser,
  linkUserToEmployee,
  setUserPassword,
  updateUser,
  type UserRow,
} from './admin-users.js';
import { users } from './tables.js';
import { RoleEnum, UserRef } from './types.js';

builder.objectField(UserRef, 'employee', (t) =>
  t.loadable({
    type: EmployeeRef,
    nullable: true,
    description: 'The employee record linked to this user, if any.',
    load: async (userIds: string[], context) => {
      const rows = await context.db
        .select()
        .from(employees)
        .where(anyOf(employees.userId, userIds));
      const byUser = new Map(rows.map((row) => [row.userId, row]));

      return userIds.map((id) => byUser.get(id) ?? null);
    },
    resolve: (user) => user.id,
  }),
);

const NAME = `Trimmed, 1 to ${TEXT_LIMITS.name} characters.`;

const PASSWORD = `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.`;

const UserFilter = builder.inputType('UserFilter', {
  fields: (t) => ({
    text: t.string({ required: false, description: 'Part of the name or email, ignoring case.' }),
    role: t.field({ type: RoleEnum, required: false }),
    active: t.boolean({ required: false }),
  }),
});

/** Escapes LIKE wildcards so a filter text matches literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

builder.queryField('users', (t) =>
  t.connection({
    type: UserRef,
    authScopes: { admin: true },
    description: 'Users ordered by email; admins only.',
    args: { filter: t.arg({ type: UserFilter, required: false }) },
    resolve: (_root, args, context) => {
      const { text, role, active } = args.filter ?? {};
      const matchesText = text
        ? or(ilike(users.name, likePattern(text)), ilike(users.email, likePattern(text)))
        : undefined;

      return resolveKeysetConnection(
        args,
        context.maxPageSize,
        {
          key: users.email,
          id: users.id,
          descending: false,
          cursorOf: (row: UserRow) => [row.email, row.id],
        },
        ({ where, orderBy, limit }) =>
          context.db
            .select()
            .from(users)
            .where(
              and(
                where,
                matchesText,
                role ? eq(users.role, role) : undefined,
                typeof active === 'boolean' ? eq(users.active, active) : undefined,
              ),
            )
            .orderBy(...orderBy)
            .limit(limit),
      );
    },
  }),
);

builder.mutationField('createUser', (t) =>
  t.field({
    type: UserRef,
    authScopes: { admin: true },
    errors: mutationErrors,
    args: t.validate(
      {
        email: t.arg.string(),
        name: t.arg.string({ description: NAME }),
        role: t.arg({ type: RoleEnum }),
        password: t.arg.string({ description: PASSWORD }),
        employeeId: t.arg.id({ required: false }),
      },
      createUserArgs,
    ),
    resolve: async (_root, args, context) => {
      const user = await createUser(context.db, {
        ...args,
        employeeId: args.employeeId ?? null,
      });
      context.log.info({ event: 'user_created', targetUserId: user.id }, 'user created');

      return user;
    },
  }),
);

builder.mutationField('updateUser', (t) =>
  t.field({
    type: UserRef,
    authScopes: { admin: true },
    errors: mutationErrors,
    description: 'Changes name, role or active flag; deactivating revokes all tokens of the user.',
    args: t.validate(
      {
        id: t.arg.id(),
        name: t.arg.string({ required: false, description: NAME }),
        role: t.arg({ type: RoleEnum, required: false }),
        active: t.arg.boolean({ required: false }),
      },
      updateUserArgs,
    ),
    resolve: async (_root, { id, ...changes }, context) => {
      const user = await updateUser(context.db, id, changes);
      context.log.info(
        { event: 'user_updated', targetUserId: user.id, role: user.role, active: user.active },
        'user updated',
      );

      return user;
    },
  }),
);

builder.mutationField('setUserPassword', (t) =>
  t.field({
    type: UserRef,
    authScopes: { admin: true },
    errors: mutationErrors,
    description: "Replaces a password and revokes the user's other sessions; API tokens stay.",
    args: t.validate(
      { id: t.arg.id(), password: t.arg.string({ description: PASSWORD }) },
      setUserPasswordArgs,
    ),
    resolve: async (_root, args, context) => {
      const user = await setUserPassword(
        context.db,
        args.id,
        args.password,
        context.viewer?.tokenId,
      );
      context.log.info({ event: 'password_set', targetUserId: user.id }, 'user password set');

      return user;
    },
  }),
);

builder.mutationField('linkUserToEmployee', (t) =>
  t.field({
    type: UserRef,
    authScopes: { admin: true },
    errors: mutationErrors,
    description: 'Links a user to an employee record, or unlinks it when employeeId is null.',
    args: t.validate(
      { userId: t.arg.id(), employeeId: t.arg.id({ required: false }) },
      linkUserArgs,
    ),
    resolve: async (_root, args, context) => {
      const employeeId = args.employeeId ?? null;
      const user = await linkUserToEmployee(context.db, args.userId, employeeId);
      context.log.info(
        { event: 'user_linked', targetUserId: user.id, employeeId },
        'user linked to employee',
      );

      return user;
    },
  }),
);
