import { z } from 'zod';
import { builder } from '../../graphql/builder.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { boundedText, emailAddress, requiredText, TEXT_LIMITS } from '../../validation/text.js';
import { recordIdRule } from './global-ids.js';
import { type MailboxProblem, type MailboxTestResult, testMailbox } from './mailbox-test.js';
import { getMailbox, type MailboxRow, saveMailbox } from './mailboxes.js';
import { SmtpServerRef } from './smtp-server-types.js';

const MailboxRef = builder.objectRef<MailboxRow>('Mailbox').implement({
  description:
    "The caller's own mailbox login, used to send their emails. The password is never returned.",
  fields: (t) => ({
    smtpServer: t.field({ type: SmtpServerRef, resolve: (mailbox) => mailbox.smtpServerId }),
    emailAddress: t.exposeString('emailAddress', { description: 'From address of your emails.' }),
    username: t.exposeString('username'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const MailboxProblemEnum = builder.enumType('MailboxProblem', {
  values: [
    'AUTHENTICATION_FAILED',
    'UNKNOWN_HOST',
    'CONNECTION_FAILED',
    'TIMEOUT',
    'TLS_FAILED',
    'PASSWORD_UNREADABLE',
    'REJECTED',
  ] as const satisfies readonly MailboxProblem[],
});

const MailboxTestResultRef = builder.objectRef<MailboxTestResult>('MailboxTestResult').implement({
  description: 'The outcome of logging in to the SMTP server with the saved mailbox.',
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    problem: t.expose('problem', { type: MailboxProblemEnum, nullable: true }),
    field: t.exposeString('field', {
      nullable: true,
      description:
        'The setting to correct: smtpServer.host, smtpServer.port or smtpServer.security (for an admin) or mailbox.password; null when the login worked.',
    }),
    value: t.exposeString('value', {
      nullable: true,
      description:
        'The stored value of that setting; null for the password, which is never returned.',
    }),
    message: t.exposeString('message', {
      nullable: true,
      description: 'The problem and the next step, for people; null when the login worked.',
    }),
    serverAnswer: t.exposeString('serverAnswer', {
      description: "The server's reply, or the network error when it did not reply.",
    }),
    responseCode: t.exposeInt('responseCode', { nullable: true }),
  }),
});

builder.queryField('myMailbox', (t) =>
  t.field({
    type: MailboxRef,
    nullable: true,
    resolve: (_root, _args, context) => getMailbox(context.db, context.viewer!.userId),
  }),
);

const MailboxInput = builder.inputType('MailboxInput', {
  fields: (t) => ({
    smtpServerId: t.id(),
    emailAddress: t.string(),
    username: t.string({ description: `1 to ${TEXT_LIMITS.username} characters.` }),
    password: t.string({
      required: false,
      description: `Omit to keep the saved password; required the first time. At most ${TEXT_LIMITS.password} characters.`,
    }),
  }),
});

const updateMyMailboxArgs = z.object({
  input: z.object({
    smtpServerId: recordIdRule('SmtpServer'),
    emailAddress: emailAddress('ana@firma.ro'),
    username: requiredText(TEXT_LIMITS.username, 'send the login, often the email address'),
    password: boundedText(TEXT_LIMITS.password)
      .min(1, 'must not be empty; omit it to keep the saved password')
      .nullish(),
  }),
});

builder.mutationField('updateMyMailbox', (t) =>
  t.field({
    type: MailboxRef,
    errors: mutationErrors,
    args: t.validate({ input: t.arg({ type: MailboxInput }) }, updateMyMailboxArgs),
    resolve: async (_root, { input }, context) => {
      const userId = context.viewer!.userId;
      const mailbox = await saveMailbox(context.db, context.cipher, userId, {
        smtpServerId: input.smtpServerId.id,
        emailAddress: input.emailAddress,
        username: input.username,
        password: input.password ?? undefined,
      });
      context.log.info(
        { event: 'mailbox_saved', smtpServerId: mailbox.smtpServerId },
        'mailbox saved',
      );

      return mailbox;
    },
  }),
);

builder.mutationField('testMyMailbox', (t) =>
  t.field({
    type: MailboxTestResultRef,
    description: 'Logs in to the SMTP server with your saved mailbox, sending nothing.',
    errors: mutationErrors,
    resolve: async (_root, _args, context) => {
      const result = await testMailbox(context.db, context.cipher, context.viewer!.userId);
      context.log.info(
        { event: 'mailbox_tested', ok: result.ok, problem: result.problem },
        'mailbox tested',
      );

      return result;
    },
  }),
);
