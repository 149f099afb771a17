import { isIP } from 'node:net';
import { z } from 'zod';
import { builder } from '../../graphql/builder.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { anyOf } from '../../graphql/pagination.js';
import { recordIdRule } from './global-ids.js';
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
    name: t.string({ validate: z.string().trim().min(1, 'must not be empty') }),
    host: t.string({
      description:
        'Host name or IP address; the name is resolved at each connection, and testMyMailbox reports one that does not resolve.',
      validate: z
        .string()
        .trim()
        .refine(
          isHostName,
          'must be a host name such as smtp.firma.ro or an IP address such as 192.0.2.10; each dot-separated label has 1 to 63 letters, digits or inner hyphens',
        ),
    }),
    port: t.int({
      validate: z
        .number()
        .int()
        .min(1, 'must be from 1 to 65535')
        .max(65535, 'must be from 1 to 65535'),
    }),
    security: t.field({ type: SmtpSecurityEnum }),
    senderAddress: t.string({
      validate: z
        .string()
        .trim()
        .toLowerCase()
        .email('must be an email address such as crm@firma.ro'),
    }),
    username: t.string({
      required: false,
      description: 'Login for the emails the system sends; omit or null to send without login.',
    }),
    password: t.string({
      required: false,
      description: 'Password of that login; omit to keep the stored one.',
    }),
    isDefault: t.boolean({ required: false, defaultValue: false }),
  }),
});

const DNS_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** True for an IPv4 or IPv6 address, or a DNS name of at most 253 characters (RFC 1035). */
function isHostName(value: string): boolean {
  if (isIP(value) !== 0) return true;

  return value.length <= 253 && value.split('.').every((label) => DNS_LABEL.test(label));
}

function toValues(input: typeof SmtpServerInput.$inferInput): SmtpServerValues {
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
    args: { input: t.arg({ type: SmtpServerInput }) },
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
    args: {
      id: t.arg.id().validate(recordIdRule('SmtpServer')),
      input: t.arg({ type: SmtpServerInput }),
    },
    resolve: async (_root, { id, input }, context) => {
      const server = await updateSmtpServer(context.db, context.cipher, id.id, toValues(input));
      context.log.info(
        { event: 'smtp_server_updated', smtpServerId: server.id },
        'SMTP server updated',
      );

      return server;
    },
  }),
);
