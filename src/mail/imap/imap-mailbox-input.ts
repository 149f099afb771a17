/**
 * The GraphQL input of IMAP mailboxes and the zod schemas of their mutations, which report
 * every invalid field at once with its input path.
 */
import { z } from 'zod';
import { builder } from '../../graphql/builder.js';
import { globalIdOf } from '../../graphql/global-id.js';
import { whenFieldsValid } from '../../validation/cross-field.js';
import { boundedText, requiredText, TEXT_LIMITS } from '../../validation/text.js';
import type { ImapMailboxInput as ImapMailboxValues } from './imap-mailboxes.js';
import { imapSecurityEnum } from './tables.js';

/**
 * Maximum length of a folder name. IMAP sets none; 255 characters fit nested folder paths and
 * keep the indexed folder columns of the import state small.
 */
const MAX_FOLDER_NAME = 255;

export const ImapSecurityEnum = builder.enumType('ImapSecurity', {
  description: 'NONE is cleartext (trusted networks only), STARTTLS upgrades, TLS is implicit.',
  values: imapSecurityEnum.enumValues,
});

export const ImapMailboxInput = builder.inputType('ImapMailboxInput', {
  fields: (t) => ({
    name: t.string({ description: `Trimmed, 1 to ${TEXT_LIMITS.name} characters.` }),
    host: t.string(),
    port: t.int(),
    security: t.field({ type: ImapSecurityEnum }),
    username: t.string({ description: `1 to ${TEXT_LIMITS.username} characters.` }),
    password: t.string({
      required: false,
      description: `Omit to keep the saved password; required when creating. At most ${TEXT_LIMITS.password} characters.`,
    }),
    folder: t.string({
      required: false,
      description: `The folder to import, at most ${MAX_FOLDER_NAME} characters; INBOX when omitted.`,
    }),
    enabled: t.boolean({ required: false, description: 'True when omitted.' }),
  }),
});

const mailboxFields = {
  name: requiredText(TEXT_LIMITS.name, 'name the mailbox, such as "Sales inbox"'),
  host: boundedText(TEXT_LIMITS.hostName)
    .trim()
    .pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or IP address, such as imap.firma.ro'),
    ),
  port: z.number().int().min(1, 'must be from 1 to 65535').max(65535, 'must be from 1 to 65535'),
  security: z.enum(imapSecurityEnum.enumValues),
  username: requiredText(TEXT_LIMITS.username, 'send the login, often the email address'),
  password: boundedText(TEXT_LIMITS.password)
    .min(1, 'must not be empty; omit it to keep the saved password')
    .nullish(),
  folder: requiredText(MAX_FOLDER_NAME, 'omit it for INBOX').nullish(),
  enabled: z.boolean().nullish(),
};

type MailboxFields = z.infer<z.ZodObject<typeof mailboxFields>>;

export const createImapMailboxArgs = z.object({
  input: z.object(mailboxFields).superRefine((input, context) => {
    if (input.password != null) return;

    context.addIssue({
      code: 'custom',
      path: ['password'],
      message: 'is required when creating a mailbox; send the password of the login',
    });
  }, whenFieldsValid('password')),
});

export const updateImapMailboxArgs = z.object({
  id: globalIdOf('ImapMailbox'),
  input: z.object(mailboxFields),
});

export function toMailboxValues(input: MailboxFields): ImapMailboxValues {
  return {
    name: input.name,
    host: input.host,
    port: input.port,
    security: input.security,
    username: input.username,
    password: input.password ?? undefined,
    folder: input.folder ?? 'INBOX',
    enabled: input.enabled ?? true,
  };
}
