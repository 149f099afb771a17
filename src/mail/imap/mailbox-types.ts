import { builder } from '../../graphql/builder.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { globalIdOf } from '../../graphql/global-id.js';
import { anyOf } from '../../graphql/pagination.js';
import { NotFoundError } from '../../errors.js';
import { OutcomeCountRef, toOutcomeCounts } from '../import/email-shapes.js';
import {
  createImapMailboxArgs,
  ImapMailboxInput,
  ImapSecurityEnum,
  toMailboxValues,
  updateImapMailboxArgs,
} from './imap-mailbox-input.js';
import {
  createImapMailbox,
  getImapMailbox,
  type ImapMailboxRow,
  listImapMailboxes,
  loginOf,
  updateImapMailbox,
} from './imap-mailboxes.js';
import { ImapError, type ImapProblem } from './imap-session.js';
import { failedTest, type ImapTestResult, testImapLogin } from './mailbox-test.js';
import { loadMailboxStatuses, type MailboxStatus } from './mailbox-status.js';
import { imapMailboxes } from './tables.js';

const ImapProblemEnum = builder.enumType('ImapProblem', {
  values: [
    'AUTHENTICATION_FAILED',
    'CONNECTION_FAILED',
    'TIMEOUT',
    'TLS_FAILED',
    'FOLDER_NOT_FOUND',
    'PASSWORD_UNREADABLE',
    'PROTOCOL_ERROR',
  ] as const satisfies readonly ImapProblem[],
});

const decimal = (value: number | null | undefined) => (value == null ? null : String(value));

const ImapFolderStatusRef = builder.objectRef<MailboxStatus>('ImapFolderStatus').implement({
  description: 'The import status of a mailbox folder.',
  fields: (t) => ({
    folder: t.exposeString('folder'),
    uidValidity: t.string({
      nullable: true,
      description: 'UIDVALIDITY the cursor belongs to, as a decimal string; null before a sync.',
      resolve: (status) => decimal(status.state?.uidValidity),
    }),
    lastUid: t.string({
      nullable: true,
      description: 'The highest UID imported under that UIDVALIDITY, as a decimal string.',
      resolve: (status) => decimal(status.state?.lastUid),
    }),
    previousUidValidity: t.string({
      nullable: true,
      resolve: (status) => decimal(status.state?.previousUidValidity),
    }),
    uidValidityChangedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the server last reported a new UIDVALIDITY and the folder was reread.',
      resolve: (status) => status.state?.uidValidityChangedAt ?? null,
    }),
    lastSyncStartedAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (status) => status.state?.lastSyncStartedAt ?? null,
    }),
    lastSuccessAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (status) => status.state?.lastSuccessAt ?? null,
    }),
    lastError: t.string({
      nullable: true,
      description: 'The error of the last sync; null once a later sync succeeded.',
      resolve: (status) => status.state?.lastError ?? null,
    }),
    lastErrorAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (status) => status.state?.lastErrorAt ?? null,
    }),
    lastRunCounts: t.field({
      type: [OutcomeCountRef],
      description: 'Outcomes of the emails the last finished sync recorded.',
      resolve: (status) => toOutcomeCounts(status.state?.lastRunCounts ?? {}),
    }),
    counts: t.field({
      type: [OutcomeCountRef],
      description: 'Outcomes of every email recorded from the folder.',
      resolve: (status) => toOutcomeCounts(status.counts),
    }),
  }),
});

export const ImapMailboxRef = builder.loadableNode('ImapMailbox', {
  description: 'An IMAP mailbox whose folder the worker imports. The password is never returned.',
  id: { resolve: (mailbox: ImapMailboxRow) => mailbox.id },
  authScopes: { admin: true },
  load: async (ids: string[], context) => {
    const rows = await context.db.select().from(imapMailboxes).where(anyOf(imapMailboxes.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('IMAP mailbox', id));
  },
  fields: (t) => ({
    name: t.exposeString('name'),
    host: t.exposeString('host'),
    port: t.exposeInt('port'),
    security: t.expose('security', { type: ImapSecurityEnum }),
    username: t.exposeString('username'),
    folder: t.exposeString('folder'),
    enabled: t.exposeBoolean('enabled', {
      description: 'Whether the scheduled import reads the mailbox.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    status: t.loadable({
      type: ImapFolderStatusRef,
      description: 'The import status of the configured folder.',
      load: (ids: string[], context) => loadMailboxStatuses(context.db, ids),
      resolve: (mailbox) => mailbox.id,
    }),
  }),
});

const ImapMailboxTestResultRef = builder
  .objectRef<ImapTestResult>('ImapMailboxTestResult')
  .implement({
    description: 'The outcome of logging in and opening the folder, read-only.',
    fields: (t) => ({
      ok: t.exposeBoolean('ok'),
      problem: t.expose('problem', { type: ImapProblemEnum, nullable: true }),
      message: t.exposeString('message', {
        nullable: true,
        description: 'The problem and the next step, for people; null when the test passed.',
      }),
      uidValidity: t.string({
        nullable: true,
        resolve: (result) => decimal(result.uidValidity),
      }),
      messages: t.exposeInt('messages', { nullable: true, description: 'Messages in the folder.' }),
    }),
  });

builder.queryField('imapMailboxes', (t) =>
  t.field({
    type: [ImapMailboxRef],
    authScopes: { admin: true },
    description: 'IMAP mailboxes configured for import, by name.',
    resolve: (_root, _args, context) => listImapMailboxes(context.db),
  }),
);

builder.mutationField('createImapMailbox', (t) =>
  t.field({
    type: ImapMailboxRef,
    authScopes: { admin: true },
    errors: mutationErrors,
    args: t.validate({ input: t.arg({ type: ImapMailboxInput }) }, createImapMailboxArgs),
    resolve: async (_root, { input }, context) => {
      // createImapMailboxArgs has rejected an input without a password.
      const { password, ...values } = toMailboxValues(input);
      const mailbox = await context.db.transaction((tx) =>
        createImapMailbox(tx, context.cipher, { ...values, password: password! }),
      );
      context.log.info({ event: 'imap_mailbox_created', mailboxId: mailbox.id }, 'mailbox created');

      return mailbox;
    },
  }),
);

builder.mutationField('updateImapMailbox', (t) =>
  t.field({
    type: ImapMailboxRef,
    authScopes: { admin: true },
    errors: mutationErrors,
    args: t.validate(
      { id: t.arg.id(), input: t.arg({ type: ImapMailboxInput }) },
      updateImapMailboxArgs,
    ),
    resolve: async (_root, { id, input }, context) => {
      const mailbox = await context.db.transaction((tx) =>
        updateImapMailbox(tx, context.cipher, id, toMailboxValues(input)),
      );
      context.log.info({ event: 'imap_mailbox_updated', mailboxId: id }, 'mailbox updated');

      return mailbox;
    },
  }),
);

builder.mutationField('testImapMailbox', (t) =>
  t.field({
    type: ImapMailboxTestResultRef,
    authScopes: { admin: true },
    description: 'Logs in to the mailbox and opens its folder read-only, changing nothing.',
    errors: mutationErrors,
    args: { id: t.arg.id({ validate: globalIdOf('ImapMailbox') }) },
    resolve: async (_root, { id }, context) => {
      const mailbox = await getImapMailbox(context.db, id);
      let result: ImapTestResult;
      try {
        result = await testImapLogin(loginOf(mailbox, context.cipher), mailbox.folder);
      } catch (error) {
        if (!(error instanceof ImapError)) throw error;
        result = failedTest(error);
      }
      context.log.info(
        { event: 'imap_mailbox_tested', mailboxId: id, ok: result.ok, problem: result.problem },
        'mailbox tested',
      );

      return result;
    },
  }),
);
