import { clearAllDataLoaders } from '@pothos/plugin-dataloader';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, isNull } from 'drizzle-orm';
import { whileTokenValid } from '../auth/while-token-valid.js';
import { NotFoundError, UnauthenticatedError } from '../errors.js';
import { builder } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { mutationErrors } from '../graphql/error-types.js';
import { globalIdOf } from '../graphql/global-id.js';
import { resolveKeysetConnection } from '../graphql/keyset.js';
import { anyOf } from '../graphql/pagination.js';
import { type MessageRow } from './post-message.js';
import { countUnreadMessages, markAllMessagesRead, markMessageRead } from './service.js';
import { messageKindEnum, messages } from './tables.js';

function viewerIdOf(context: Context): string {
  if (!context.viewer) throw new UnauthenticatedError();

  return context.viewer.userId;
}

export const MessageKindEnum = builder.enumType('MessageKind', {
  values: messageKindEnum.enumValues,
});

export const MessageRef = builder.loadableNode('Message', {
  description: "An in-app message in the viewer's message stack.",
  id: { resolve: (message: MessageRow) => message.id },
  // Only the viewer's own messages load, so a node lookup never shows another user's stack.
  load: async (ids: string[], context) => {
    const rows = await context.db
      .select()
      .from(messages)
      .where(and(anyOf(messages.id, ids), eq(messages.userId, viewerIdOf(context))));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('message', id));
  },
  fields: (t) => ({
    kind: t.expose('kind', { type: MessageKindEnum }),
    title: t.exposeString('title'),
    body: t.exposeString('body'),
    relatedType: t.exposeString('relatedType', {
      nullable: true,
      description: 'Type of the record the message is about, such as Task.',
    }),
    relatedId: t.id({
      nullable: true,
      description: 'Id of the record the message is about.',
      resolve: (message) =>
        message.relatedType && message.relatedId
          ? encodeGlobalID(message.relatedType, message.relatedId)
          : null,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    readAt: t.expose('readAt', { type: 'DateTime', nullable: true }),
    read: t.boolean({ resolve: (message) => message.readAt !== null }),
  }),
});

builder.queryFields((t) => ({
  messages: t.connection({
    type: MessageRef,
    description: "The viewer's message stack, newest first.",
    args: { unreadOnly: t.arg.boolean({ required: false, description: 'Default false.' }) },
    resolve: (_root, args, context) => {
      const userId = viewerIdOf(context);

      return resolveKeysetConnection(
        args,
        context.maxPageSize,
        {
          key: messages.position,
          id: messages.id,
          descending: true,
          cursorOf: (row: MessageRow) => [row.position, row.id],
        },
        ({ where, orderBy, limit }) =>
          context.db
            .select()
            .from(messages)
            .where(
              and(
                eq(messages.userId, userId),
                args.unreadOnly ? isNull(messages.readAt) : undefined,
                where,
              ),
            )
            .orderBy(...orderBy)
            .limit(limit),
      );
    },
  }),
  unreadMessageCount: t.int({
    description: "Unread messages in the viewer's stack.",
    resolve: (_root, _args, context) => countUnreadMessages(context.db, viewerIdOf(context)),
  }),
}));

const MarkAllReadResult = builder
  .objectRef<{ markedCount: number }>('MarkAllMessagesReadResult')
  .implement({
    fields: (t) => ({
      markedCount: t.exposeInt('markedCount', { description: 'Messages that were unread.' }),
    }),
  });

builder.mutationFields((t) => ({
  markMessageRead: t.field({
    type: MessageRef,
    description: "Marks one of the viewer's messages read; marking it again changes nothing.",
    errors: mutationErrors,
    args: { id: t.arg.id({ validate: globalIdOf('Message') }) },
    resolve: (_root, { id }, context) =>
      context.db.transaction((tx) => markMessageRead(tx, viewerIdOf(context), id)),
  }),
  markAllMessagesRead: t.field({
    type: MarkAllReadResult,
    description: "Marks every unread message in the viewer's stack read.",
    errors: mutationErrors,
    resolve: async (_root, _args, context) => {
      const userId = viewerIdOf(context);
      const markedCount = await context.db.transaction((tx) => markAllMessagesRead(tx, userId));
      context.log.info({ event: 'messages_marked_read', userId, markedCount }, 'messages read');

      return { markedCount };
    },
  }),
}));

builder.subscriptionFields((t) => ({
  messageReceived: t.field({
    type: MessageRef,
    description: "Messages arriving in the viewer's stack, as soon as their transaction commits.",
    subscribe: (_root, _args, context) =>
      whileTokenValid(context, context.events.subscribe('messageReceived', viewerIdOf(context))),
    resolve: (event, _args, context) => {
      // A subscription keeps one set of loaders for its life; each event loads afresh.
      clearAllDataLoaders(context);

      return event.messageId;
    },
  }),
}));
