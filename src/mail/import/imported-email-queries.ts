import { clearAllDataLoaders } from '@pothos/plugin-dataloader';
import { and, eq } from 'drizzle-orm';
import { whileTokenValid } from '../../auth/while-token-valid.js';
import { builder } from '../../graphql/builder.js';
import { globalIdOf } from '../../graphql/global-id.js';
import { resolveKeysetConnection } from '../../graphql/keyset.js';
import { ImportStatusEnum } from './email-shapes.js';
import { ImportedEmailRef, type ImportedEmailRow } from './imported-email-node.js';
import { importedEmails } from './tables.js';

const ImportedEmailFilter = builder.inputType('ImportedEmailFilter', {
  fields: (t) => ({
    partnerId: t.id({ required: false, validate: globalIdOf('Partner') }),
    status: t.field({ type: ImportStatusEnum, required: false }),
  }),
});

builder.queryField('importedEmails', (t) =>
  t.connection({
    type: ImportedEmailRef,
    description: 'Imported emails, newest import first.',
    args: { filter: t.arg({ type: ImportedEmailFilter, required: false }) },
    resolve: (_root, args, context) =>
      resolveKeysetConnection(
        args,
        context.maxPageSize,
        {
          key: importedEmails.importedAt,
          id: importedEmails.id,
          descending: true,
          cursorOf: (row: ImportedEmailRow) => [row.importedAt.toISOString(), row.id],
        },
        ({ where, orderBy, limit }) =>
          context.db
            .select()
            .from(importedEmails)
            .where(
              and(
                where,
                args.filter?.partnerId
                  ? eq(importedEmails.partnerId, args.filter.partnerId)
                  : undefined,
                args.filter?.status ? eq(importedEmails.status, args.filter.status) : undefined,
              ),
            )
            .orderBy(...orderBy)
            .limit(limit),
      ),
  }),
);

builder.subscriptionField('emailImported', (t) =>
  t.field({
    type: ImportedEmailRef,
    description:
      'Emails imported or reviewed: admins and managers get every one, others those whose task they hold.',
    subscribe: (_root, _args, context) =>
      whileTokenValid(context, context.events.subscribe('emailImported', context.viewer!.userId)),
    resolve: (event, _args, context) => {
      // A subscription keeps its loaders for its whole life, so they would return stale rows.
      clearAllDataLoaders(context);

      return event.emailId;
    },
  }),
);
