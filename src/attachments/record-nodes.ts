import { brandWithType, createContextCache, type OutputType, type SchemaTypes } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context } from '../graphql/context.js';
import { ImportedEmailRef } from '../mail/import/imported-email-node.js';
import { EmailLogEntryRef } from '../mail/outgoing/email-log-types.js';
import { OpportunityRef } from '../opportunities/opportunity-node.js';
import { PartnerRef } from '../partners/types.js';
import { TaskRef } from '../tasks/types.js';
import { findRecords, recordKey, type RecordRef, type RecordSummary } from './records.js';

/** A loadable node type: its ref brands loaded rows, and its DataLoader loads them by id. */
export type NodeLoaderRef = OutputType<SchemaTypes> & {
  getDataloader(context: Context): DataLoader<string, object>;
};

/** The GraphQL types that attachments can point at, by type name. */
const RECORD_NODE_REFS: Record<string, NodeLoaderRef> = {
  Partner: PartnerRef,
  Opportunity: OpportunityRef,
  Task: TaskRef,
  EmailLogEntry: EmailLogEntryRef,
  ImportedEmail: ImportedEmailRef,
};

export const RECORD_NODE_TYPES = [
  PartnerRef,
  OpportunityRef,
  TaskRef,
  EmailLogEntryRef,
  ImportedEmailRef,
];

/** Per-request loader of record summaries, batching every lookup of a request into one query. */
export const recordSummaryLoader = createContextCache(
  (context: Context) =>
    new DataLoader<RecordRef, RecordSummary | null, string>(
      async (refs) => {
        const found = await findRecords(context.db, refs);

        return refs.map((ref) => found.get(recordKey(ref)) ?? null);
      },
      { cacheKeyFn: recordKey },
    ),
);

/**
 * Loads a node through its type's DataLoader and brands it with the type name, so a union or
 * interface field can tell which object type it is. `refs` names the types that may appear.
 */
export async function loadBrandedNode(
  context: Context,
  refs: Record<string, NodeLoaderRef>,
  typename: string,
  id: string,
): Promise<object> {
  const ref = refs[typename];
  if (!ref) throw new Error(`no GraphQL type ${typename} to load record ${id} with`);

  const node = await ref.getDataloader(context).load(id);
  brandWithType(node, ref);

  return node;
}

/** Loads the record an attachment points at, or returns null when it no longer exists. */
export async function loadRecordNode(context: Context, ref: RecordRef): Promise<object | null> {
  const summary = await recordSummaryLoader(context).load(ref);
  if (!summary) return null;

  return loadBrandedNode(context, RECORD_NODE_REFS, summary.typename, ref.id);
}
