import type { GraphQLResolveInfo } from 'graphql';
import { ForbiddenError } from '../errors.js';
import type { Context } from '../graphql/context.js';

/** The scope that `login` grants on the user it returns, because that request has no viewer. */
export const OWN_USER_SCOPE = 'ownUser';

/**
 * Options for the User fields that only admins, managers and the user themself may read (email,
 * role, active flag), so an agent cannot collect colleagues' details through `node`.
 */
export const privateUserField = {
  authScopes: (user: { id: string }, _args: object, context: Context) =>
    user.id === context.viewer?.userId || { manager: true, $granted: OWN_USER_SCOPE },
  unauthorizedError: (_user: unknown, _args: object, _context: Context, info: GraphQLResolveInfo) =>
    new ForbiddenError(
      `reading User.${info.fieldName}`,
      'only admins, managers and the user themself may read it',
    ),
};
