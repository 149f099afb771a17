import { z } from 'zod';
import { globalIdOf } from '../graphql/global-id.js';
import { emailAddress, requiredText, TEXT_LIMITS } from '../validation/text.js';

export const PASSWORD_MIN_LENGTH = 12;

/** An upper bound that keeps absurd inputs out; it fits any passphrase or generated password. */
export const PASSWORD_MAX_LENGTH = 256;

/** Input rules shared by the admin GraphQL operations and the `crm user` commands. */
export const userRules = {
  email: emailAddress('ana@firma.ro'),
  name: requiredText(TEXT_LIMITS.name, 'send the full name, such as "Ana Popescu"'),
  role: z.enum(['ADMIN', 'MANAGER', 'AGENT'], 'must be ADMIN, MANAGER or AGENT'),
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters long`)
    .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters long`),
};

/*
 * Arguments of the admin mutations, each checked in one pass so that one ValidationError lists
 * every invalid argument.
 */

export const createUserArgs = z.object({
  email: userRules.email,
  name: userRules.name,
  role: userRules.role,
  password: userRules.password,
  employeeId: globalIdOf('Employee').nullish(),
});

export const updateUserArgs = z.object({
  id: globalIdOf('User'),
  name: userRules.name.nullish(),
  role: userRules.role.nullish(),
  active: z.boolean().nullish(),
});

export const setUserPasswordArgs = z.object({
  id: globalIdOf('User'),
  password: userRules.password,
});

export const linkUserArgs = z.object({
  userId: globalIdOf('User'),
  employeeId: globalIdOf('Employee').nullish(),
});

export const createApiTokenArgs = z.object({
  userId: globalIdOf('User'),
  name: requiredText(TEXT_LIMITS.name, 'name the integration, such as "ERP sync"'),
});

export const revokeApiTokenArgs = z.object({ id: globalIdOf('ApiToken') });
