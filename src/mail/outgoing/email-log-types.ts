import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, type SQL } from 'drizzle-orm';
import { UserRef } from '../../auth/types.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { builder } from '../../graphql/builder.js';
import { resolveKeysetConnection } from '../../graphql/keyset.js';
import { anyOf } from '../../graphql/pagination.js';
import { type DecodedId, recordIdRule } from './global-ids.js';
import type { EmailLogRow } from './queue-email.js';
import { SmtpServerRef } from './smtp-server-types.js';
import { emailLog } from './tables.js';

export const EmailStatusEnum = builder.enumType('EmailStatus', {
  values: ['QUEUED', 'SENT', 'FAILED'] as const,
});

export const EmailLogEntryRef = builder.loadableNode('EmailLogEntry', {
  description: 'One outgoing email and the outcome of its delivery.',
  id: { resolve: (email: EmailLogRow) => email.id },
  load: async (ids: string[], context) => {
    const rows = await context.db.select().from(emailLog).where(anyOf(emailLog.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('email log entry', id));
  },
  fields: (t) => ({
    messageId: t.exposeString('messageId', {
      description: 'Message-ID header, fixed when the email was queued and sent on every attempt.',
    }),
    sender: t.field({ type: UserRef, nullable: true, resolve: (email) => email.senderUserId }),
    smtpServer: t.field({
      type: SmtpServerRef,
      nullable: true,
      resolve: (email) => email.smtpServerId,
    }),
    fromAddress: t.exposeString('fromAddress'),
    to: t.exposeStringList('toAddresses'),
    cc: t.exposeStringList('ccAddresses'),
    subject: t.exposeString('subject'),
    relatedType: t.exposeString('relatedType', {
      nullable: true,
      description: 'Type of the record the email is about, such as Partner.',
    }),
    relatedId: t.id({
      nullable: true,
      description: 'Id of the record the email is about.',
      resolve: (email) =>
        email.relatedType && email.relatedId
          ? encodeGlobalID(email.relatedType, email.relatedId)
          : null,
    }),
    status: t.expose('status', { type: EmailStatusEnum }),
    attempts: t.exposeInt('attempts'),
    lastAnswer: t.exposeString('lastAnswer', {
      nullable: true,
      description: "The SMTP server's last reply, or the network error when it did not reply.",
    }),
    lastResponseCode: t.exposeInt('lastResponseCode', { nullable: true }),
    queuedAt: t.expose('queuedAt', { type: 'DateTime' }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true }),
    sentAt: t.expose('sentAt', { type: 'DateTime', nullable: true }),
    failedAt: t.expose('failedAt', { type: 'DateTime', nullable: true }),
  }),
});

const EmailLogFilter = builder.inputType('EmailLogFilter', {
  fields: (t) => ({
    status: t.field({ type: EmailStatusEnum, required: false }),
    relatedType: t.string({ required: false, description: 'Type name such as Partner or Task.' }),
    relatedId: t
      .id({ required: false, description: 'Id of one record: its emails only.' })
      .validate(recordIdRule()),
  }),
});

function filterConditions(filter: {
  status?: EmailLogRow['status'] | null;
  relatedType?: string | null;
  relatedId?: DecodedId | null;
}): SQL | undefined {
  const related = filter.relatedId;
  if (related && filter.relatedType && related.typename !== filter.relatedType) {
    throw ValidationError.of(
      'filter.relatedType',
      filter.relatedType,
      `does not match the ${related.typename} that relatedId names; omit one of them`,
    );
  }

  return and(
    filter.status ? eq(emailLog.status, filter.status) : undefined,
    filter.relatedType ? eq(emailLog.relatedType, filter.relatedType) : undefined,
    related ? eq(emailLog.relatedType, related.typename) : undefined,
    related ? eq(emailLog.relatedId, related.id) : undefined,
  );
}

builder.queryField('emailLog', (t) =>
  t.connection({
    type: EmailLogEntryRef,
    authScopes: { manager: true },
    description: 'Outgoing emails, newest first; for managers and admins.',
    args: { filter: t.arg({ type: EmailLogFilter, required: false }) },
    resolve: (_root, args, context) => {
      const conditions = filterConditions(args.filter ?? {});

      return resolveKeysetConnection(
        args,
        context.maxPageSize,
        {
          key: emailLog.queuedAt,
          id: emailLog.id,
          descending: true,
          cursorOf: (row: EmailLogRow) => [row.queuedAt.toISOString(), row.id],
        },
        ({ where, orderBy, limit }) =>
          context.db
            .select()
            .from(emailLog)
            .where(and(where, conditions))
            .orderBy(...orderBy)
            .limit(limit),
      );
    },
  }),
);
