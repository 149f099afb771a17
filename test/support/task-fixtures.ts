import { encodeGlobalID } from '@pothos/plugin-relay';
import { createCrmClient, type CrmClient, LoginDocument } from '../../sdk/index.js';
import { opportunities } from '../../src/opportunities/tables.js';
import { partners } from '../../src/partners/tables.js';
import { createTestUser, type TestApi, type TestUser } from './api.js';

export interface TestActor extends TestUser {
  client: CrmClient;
  /** The session token the client sends. */
  token: string;
  /** Global id of the employee linked to the user. */
  employeeGlobalId: string;
}

/** Creates a user with a linked employee and returns an SDK client logged in as that user. */
export async function createActor(
  api: TestApi,
  role: 'ADMIN' | 'MANAGER' | 'AGENT',
  name: string,
): Promise<TestActor> {
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

/** Inserts a partner row and returns its global id and uuid. */
export async function insertPartner(api: TestApi, name: string) {
  const [row] = await api.services.db
    .insert(partners)
    .values({ name, searchName: name.toLowerCase() })
    .returning({ id: partners.id });

  return { id: row!.id, globalId: encodeGlobalID('Partner', row!.id) };
}

/** Inserts an opportunity of the partner and returns its global id and uuid. */
export async function insertOpportunity(api: TestApi, partnerId: string, title: string) {
  const [row] = await api.services.db
    .insert(opportunities)
    .values({ title, partnerId })
    .returning({ id: opportunities.id });

  return { id: row!.id, globalId: encodeGlobalID('Opportunity', row!.id) };
}

/** Fails with `label` when `promise` has not settled within `ms` milliseconds. */
export async function within<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${ms} ms waiting for ${label}`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
