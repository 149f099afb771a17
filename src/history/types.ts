import {
  encodeGlobalID,
  resolveCursorConnection,
  type ResolveCursorConnectionArgs,
} from '@pothos/plugin-relay';
import { AttachmentRef } from '../attachments/types.js';
import { loadBrandedNode, type NodeLoaderRef } from '../attachments/record-nodes.js';
import { ValidationError } from '../errors.js';
import { builder } from '../graphql/builder.js';
import { globalIdOf } from '../graphql/global-id.js';
import { DEFAULT_PAGE_SIZE, requestedPageSize } from '../graphql/pagination.js';
import { ImportedEmailRef } from '../mail/import/imported-email-node.js';
import { EmailLogEntryRef } from '../mail/outgoing/email-log-types.js';
import { OpportunityRef } from '../opportunities/opportunity-node.js';
import { OpportunityStageRef } from '../opportunities/stage-types.js';
import { PartnerRef } from '../partners/types.js';
import { TaskRef, TaskResponseRef } from '../tasks/types.js';
import { decodeHistoryCursor, encodeHistoryCursor } from './history-cursor.js';
import { type HistoryEntry, type HistoryQuery, loadHistoryPage } from './history-page.js';
import { HISTORY_SOURCES } from './history-sources.js';

const HISTORY_NODE_REFS: Record<string, NodeLoaderRef> = {
  Partner: PartnerRef,
  Opportunity: OpportunityRef,
  OpportunityStage: OpportunityStageRef,
  Task: TaskRef,
  TaskResponse: TaskResponseRef,
  EmailLogEntry: EmailLogEntryRef,
  ImportedEmail: ImportedEmailRef,
  Attachment: AttachmentRef,
};

/** The kinds of entry with the description of their first source; several sources may share one. */
const KIND_DESCRIPTIONS = new Map<string, string>();
for (const source of HISTORY_SOURCES) {
  if (!KIND_DESCRIPTIONS.has(source.kind)) KIND_DESCRIPTIONS.set(source.kind, source.description);
}

export const HistoryKindEnum = builder.enumType('HistoryKind', {
  description: 'What a partner history entry records.',
  values: Object.fromEntries(
    [...KIND_DESCRIPTIONS].map(([kind, description]) => [kind, { description }]),
  ),
});

const HistoryRecordUnion = builder.unionType('HistoryRecord', {
  description: 'The record a partner history entry links to.',
  types: [
    PartnerRef,
    OpportunityRef,
    OpportunityStageRef,
    TaskRef,
    TaskResponseRef,
    EmailLogEntryRef,
    ImportedEmailRef,
    AttachmentRef,
  ],
});

const HistoryEntryRef = builder.objectRef<HistoryEntry>('HistoryEntry').implement({
  description: 'One event in the history of a partner.',
  fields: (t) => ({
    kind: t.field({ type: HistoryKindEnum, resolve: (entry) => entry.kind as never }),
    occurredAt: t.field({ type: 'DateTime', resolve: (entry) => entry.occurredAt }),
    title: t.exposeString('title', { description: 'Name of the record, such as a task title.' }),
    summary: t.exposeString('summary', { description: 'What happened, in one line.' }),
    recordId: t.id({
      description: 'Global id of the record the entry links to.',
      resolve: (entry) => encodeGlobalID(entry.typename, entry.id),
    }),
    record: t.field({
      type: HistoryRecordUnion,
      description: 'The record the entry links to, loaded in one batch per type.',
      resolve: (entry, _args, context) =>
        loadBrandedNode(context, HISTORY_NODE_REFS, entry.typename, entry.id) as Promise<
          typeof HistoryRecordUnion.$inferType
        >,
    }),
  }),
});

const HistoryConnection = builder.connectionObject({
  type: HistoryEntryRef,
  name: 'HistoryConnection',
});

const HistoryFilter = builder.inputType('HistoryFilter', {
  fields: (t) => ({
    kinds: t.field({
      type: [HistoryKindEnum],
      required: false,
      description: 'The kinds to include; all kinds when left out.',
    }),
    from: t.field({ type: 'DateTime', required: false, description: 'Start of the period.' }),
    to: t.field({
      type: 'DateTime',
      required: false,
      description: 'End of the period, exclusive.',
    }),
  }),
});

interface HistoryFilterValues {
  kinds?: readonly string[] | null;
  from?: Date | null;
  to?: Date | null;
}

function toHistoryQuery(partnerId: string, filter: HistoryFilterValues | null | undefined) {
  if (filter?.kinds && filter.kinds.length === 0) {
    throw ValidationError.of(
      'filter.kinds',
      [],
      'must list at least one kind; leave it out for all',
    );
  }
  if (filter?.from && filter.to && filter.from >= filter.to) {
    throw ValidationError.of(
      'filter.to',
      filter.to.toISOString(),
      `must be after filter.from (${filter.from.toISOString()}); the period ends before "to"`,
    );
  }

  const query: HistoryQuery = {
    partnerId,
    kinds: filter?.kinds ?? null,
    from: filter?.from ?? null,
    to: filter?.to ?? null,
  };

  return query;
}

builder.queryField('partnerHistory', (t) =>
  t.field({
    type: HistoryConnection,
    description:
      "One partner's timeline, newest first: opportunities and stage changes, tasks and their responses, emails, attachments and the move from lead to customer.",
    args: {
      ...t.arg.connectionArgs(),
      partnerId: t.arg.id({ validate: globalIdOf('Partner') }),
      filter: t.arg({ type: HistoryFilter, required: false }),
    },
    resolve: (_root, args, context) => {
      const query = toHistoryQuery(args.partnerId, args.filter);
      requestedPageSize(args, context.maxPageSize);

      return resolveCursorConnection(
        {
          args,
          maxSize: context.maxPageSize,
          defaultSize: DEFAULT_PAGE_SIZE,
          toCursor: (entry: HistoryEntry) =>
            encodeHistoryCursor({
              occurredAt: entry.occurredAtText,
              kind: entry.kind,
              id: entry.id,
            }),
        },
        ({ before, after, limit, inverted }: ResolveCursorConnectionArgs) =>
          loadHistoryPage(context.db, query, {
            after: after ? decodeHistoryCursor(after, 'after') : null,
            before: before ? decodeHistoryCursor(before, 'before') : null,
            limit,
            ascending: inverted,
          }),
      );
    },
  }),
);
