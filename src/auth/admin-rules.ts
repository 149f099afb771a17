import { z } from 'zod';

export const PASSWORD_MIN_LENGTH = 12;

/** An upper bound that keeps absurd inputs out; it fits any passphrase or generated password. */
export const PASSWORD_MAX_LENGTH = 256;

/** Input rules shared by the admin GraphQL operations and the `crm user` commands. */
export const userRules = {
  email: z.string().trim().email('must be an email address such as ana@firma.ro'),
  name: z.string().trim().min(1, 'must not be empty'),
  role: z.enum(['ADMIN', 'MANAGER', 'AGENT'], 'must be ADMIN, MANAGER or AGENT'),
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters long`)
    .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters long`),
};
