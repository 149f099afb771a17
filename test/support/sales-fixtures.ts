import { encodeGlobalID } from '@pothos/plugin-relay';
import { partners } from '../../src/partners/tables.js';
import { foldSearchText } from '../../src/partners/search-text.js';
import type { TestApi } from './api.js';
import { createActor, type TestActor } from './task-fixtures.js';

/** A logged-in user with a linked employee; the same actor the task tests use. */
export type SalesActor = TestActor;

/** Creates a user with a linked employee and returns an SDK client logged in as that user. */
export const createSalesActor = createActor;

export type PartnerColumns = Partial<typeof partners.$inferInsert> & { name: string };

/** Inserts a lead partner row directly and returns its global id and uuid. */
export async function insertLead(api: TestApi, columns: PartnerColumns) {
  const [row] = await api.services.db
    .insert(partners)
    .values({ isLead: true, ...columns, searchName: foldSearchText(columns.name) })
    .returning({ id: partners.id });

  return { id: row!.id, globalId: encodeGlobalID('Partner', row!.id) };
}

/** Returns a well-formed global id of `typename` whose row does not exist. */
export function missingId(typename: string): string {
  return encodeGlobalID(typename, '00000000-0000-4000-8000-000000000000');
}
