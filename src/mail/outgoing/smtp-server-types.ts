import { builder } from '../../graphql/builder.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { anyOf } from '../../graphql/pagination.js';
import { TEXT_LIMITS } from '../../validation/text.js';
import {
  createSmtpServerArgs,
  type SmtpServerInputValues,
  updateSmtpServerArgs,
} from './smtp-server-schema.js';
import {
  createSmtpServer,
  listSmtpServers,
  type SmtpServerInput as SmtpServerValues,
  type SmtpServerRow,
  updateSmtpServer,
} from './smtp-servers.js';
import { smtpServers } from './tables.js';
import { NotFoundError } from '../../errors.js';

export const SmtpSecurityEnum = builder.enumType('SmtpSecurity', {
  description: 'NONE: plain SMTP. STARTTLS: upgrade to TLS, required. TLS: TLS from connecting.',
  values: ['NONE', 'STARTTLS', 'TLS'] as const,
});

export const SmtpServerRef = builder.loadableNode('SmtpServer', {
  description: 'An SMTP server that users send email through.',
  id: { resolve: (server: SmtpServerRow) => server.id },
  load: async (ids: string[], context) => {
    const rows = await context.db.select().from(smtpServers).where(anyOf(smtpServers.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('SMTP server', id));
  },
  fields: (t) => ({
    name: t.exposeString('name'),
    host: t.exposeString('host'),
    port: t.exposeInt('port'),
    security: t.expose('security', { type: SmtpSecurityEnum }),
    senderAddress: t.exposeString('senderAddress', {
      description: 'From address of the emails the system sends on its own, such as reminders.',
    }),
    username: t.string({
      nullable: true,
      description: 'Login of the emails the system sends; shown to admins only.',
      resolve: (server, _args, context) =>
        context.viewer?.role === 'ADMIN' ? server.username : null,
    }),
    hasPassword: t.boolean({ resolve: (server) => server.passwordEncrypted !== null }),
    isDefault: t.exposeBoolean('isDefault', {
      description: 'Whether the emails the system sends on its own go through this server.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryField('smtpServers', (t) =>
  t.field({
    type: [SmtpServerRef],
    description: 'The configured SMTP servers, by name.',
    resolve: (_root, _args, context) => listSmtpServers(context.db),
  }),
);

const SmtpServerInput = builder.inputType('SmtpServerInput', {
  fields: (t) => ({
    name: t.string({ description: `Trimmed, 1 to ${TEXT_LIMITS.name} characters.` }),
    host: t.string({
      description:
        'Host name or IP address; the name is resolved at each connection, and testMyMailbox reports one that does not resolve.',
    }),
    port: t.int(),
    security: t.field({ type: SmtpSecurityEnum }),
    senderAddress: t.string(),
    username: t.string({
      required: false,
      description: `Login for the emails the system sends, at most ${TEXT_LIMITS.username} characters; omit or null to send without login.`,
    }),
    password: t.string({
      required: false,
      description: `Password of that login, at most ${TEXT_LIMITS.password} characters; omit to keep the stored one.`,
    }),
    isDefault: t.boolean({ required: false, defaultValue: false }),
  }),
});

function toValues(input: SmtpServerInputValues): SmtpServerValues {
  return {
    name: input.name,
    host: input.host,
    port: input.port,
    security: input.security,
    senderAddress: input.senderAddress,
    username: input.username || null,
    password: input.password ?? undefined,
    isDefault: input.isDefault ?? false,
  };
}

builder.mutationField('createSmtpServer', (t) =>
  t.field({
    type: SmtpServerRef,
    authScopes: { admin: true },
    errors: mutationErrors,
    args: t.validate({ input: t.arg({ type: SmtpServerInput }) }, createSmtpServerArgs),
    resolve: async (_root, { input }, context) => {
      const server = await createSmtpServer(context.db, context.cipher, toValues(input));
      context.log.info(
        { event: 'smtp_server_created', smtpServerId: server.id },
        'SMTP server created',
      );

      return server;
    },
  }),
);

builder.mutationField('updateSmtpServer', (t) =>
  t.field({
    type: SmtpServerRef,
    authScopes: { admin: true },
    errors: mutationErrors,
    args: t.validate(
      { id: t.arg.id(), input: t.arg({ type: SmtpServerInput }) },
      updateSmtpServerArgs,
    ),
    resolve: async (_root, { id, input }, context) => {
      const server = await updateSmtpServer(context.db, context.cipher, id, toValues(input));
      context.log.info(
        { event: 'smtp_server_updated', smtpServerId: server.id },
        'SMTP server updated',
      );

      return server;
    },
  }),
);
