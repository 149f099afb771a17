import { encodeGlobalID } from '@pothos/plugin-relay';
import { createCrmClient, type CrmClient, LoginDocument } from '../../sdk/index.js';
import { partners } from '../../src/partners/tables.js';
import { foldSearchText } from '../../src/partners/search-text.js';
import { createTestUser, type TestApi, type TestUser } from './api.js';

export interface SalesActor extends TestUser {
  client: CrmClient;
  /** Session token, for raw requests that count SQL statements. */
  token: string;
  /** Global id of the employee linked to the user. */
  employeeGlobalId: string;
}

/** Creates a user with a linked employee and returns an SDK client logged in as that user. */
export async function createSalesActor(
  api: TestApi,
  role: 'ADMIN' | 'MANAGER' | 'AGENT',
  name: string,
): Promise<SalesActor> {
  const user = await createTestUser(api, role, name);
  const client = createCrmClient({ url: api.graphqlUrl });
  const login = await client.request(LoginDocument, { email: user.email, password: user.password });
  if (login.login.__typename !== 'MutationLoginSuccess') throw new Error(login.login.message);
  client.setToken(login.login.data.token);

  return {
    ...user,
    client,
    token: login.login.data.token,
    employeeGlobalId: encodeGlobalID('Employee', user.employeeId),
  };
}

export type PartnerColumns = Partial<typeof partners.$inferInsert> & { name: string };

/** Inserts a lead partner row directly and returns its global id and uuid. */
export async function insertLead(api: TestApi, columns: PartnerColumns) {
  const [row] = await api.services.db
    .insert(partners)
    .values({ isLead: true, ...columns, searchName: foldSearchText(columns.name) })
    .returning({ id: partners.id });

  return { id: row!.id, globalId: encodeGlobalID('Partner', row!.id) };
}

/** A well-formed global id of `typename` whose row does not exist. */
export function missingId(typename: string): string {
  return encodeGlobalID(typename, '00000000-0000-4000-8000-000000000000');
}
