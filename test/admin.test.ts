import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiTokensDocument,
  CreateApiTokenDocument,
  CreateEmployeeDocument,
  CreateUserDocument,
  createCrmClient,
  type CrmClient,
  CrmRequestError,
  LinkUserToEmployeeDocument,
  type LinkUserToEmployeeMutation,
  LoginDocument,
  MeDocument,
  RevokeApiTokenDocument,
  SetUserPasswordDocument,
  UpdateUserDocument,
  UsersDocument,
} from '../sdk/index.js';
import { tokens } from '../src/auth/tables.js';
import { hashToken } from '../src/auth/tokens.js';
import { createTestUser, startTestApi, type TestApi } from './support/api.js';
import { postGraphQL } from './support/graphql.js';

type Role = 'ADMIN' | 'MANAGER' | 'AGENT';

const STRONG_PASSWORD = 'correct-horse-battery';

function anonymousClient(api: TestApi): CrmClient {
  return createCrmClient({ url: api.graphqlUrl });
}

async function logIn(api: TestApi, email: string, password: string): Promise<CrmClient> {
  const client = anonymousClient(api);
  const login = await client.request(LoginDocument, { email, password });
  if (login.login.__typename !== 'MutationLoginSuccess') {
    throw new Error(`login of ${email} failed: ${login.login.__typename}`);
  }
  client.setToken(login.login.data.token);

  return client;
}

async function clientFor(api: TestApi, role: Role, name: string): Promise<CrmClient> {
  const user = await createTestUser(api, role, name);

  return logIn(api, user.email, user.password);
}

/** Decodes a Relay global id, base64 of `Typename:uuid`, into the uuid. */
function uuidOf(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString().split(':')[1] ?? '';
}

/** Returns the error code of a request, or null when it succeeded. */
async function errorCodeOf(request: Promise<unknown>): Promise<string | null> {
  try {
    await request;

    return null;
  } catch (error) {
    if (error instanceof CrmRequestError) return error.code ?? 'NO_CODE';
    throw error;
  }
}

async function createUserAs(admin: CrmClient, email: string, role: Role = 'AGENT') {
  const result = await admin.request(CreateUserDocument, {
    email,
    name: `User ${email}`,
    role,
    password: STRONG_PASSWORD,
  });
  if (result.createUser.__typename !== 'MutationCreateUserSuccess') {
    throw new Error(`createUser failed: ${result.createUser.__typename}`);
  }

  return result.createUser.data;
}

/** Returns the employee id a link result shows, or throws when the mutation failed. */
function linkedEmployeeId(result: LinkUserToEmployeeMutation): string | null {
  const payload = result.linkUserToEmployee;
  if (payload.__typename !== 'MutationLinkUserToEmployeeSuccess') {
    throw new Error(`linkUserToEmployee failed: ${payload.__typename}`);
  }

  return payload.data.employee?.id ?? null;
}

async function createEmployeeAs(admin: CrmClient, name: string): Promise<string> {
  const result = await admin.request(CreateEmployeeDocument, { input: { name } });
  if (result.createEmployee.__typename !== 'MutationCreateEmployeeSuccess') {
    throw new Error(`createEmployee failed: ${result.createEmployee.__typename}`);
  }

  return result.createEmployee.data.id;
}

describe('admin operations', () => {
  let api: TestApi;
  let admin: CrmClient;

  beforeAll(async () => {
    api = await startTestApi();
    admin = await clientFor(api, 'ADMIN', 'Adela Admin');
  });
  afterAll(async () => {
    await api.close();
  });

  it('createUser links employee and allows login', async () => {
    const employeeId = await createEmployeeAs(admin, 'Sorin Vânzări');
    const result = await admin.request(CreateUserDocument, {
      email: '  Sorin.Vanzari@Firma.RO ',
      name: 'Sorin Vânzări',
      role: 'AGENT',
      password: STRONG_PASSWORD,
      employeeId,
    });
    const created =
      result.createUser.__typename === 'MutationCreateUserSuccess' ? result.createUser.data : null;
    const sorin = await logIn(api, 'sorin.vanzari@firma.ro', STRONG_PASSWORD);
    const me = await sorin.request(MeDocument);

    expect(created?.email).toBe('sorin.vanzari@firma.ro');
    expect(created?.employee?.id).toBe(employeeId);
    expect(me.me.id).toBe(created?.id);
  });

  it('createUser rejects duplicate email', async () => {
    await createUserAs(admin, 'dublura@firma.ro');
    const result = await admin.request(CreateUserDocument, {
      email: 'DUBLURA@firma.ro',
      name: 'Second',
      role: 'AGENT',
      password: STRONG_PASSWORD,
    });
    const conflict = result.createUser.__typename === 'ConflictError' ? result.createUser : null;

    expect(conflict?.field).toBe('email');
    expect(conflict?.value).toBe('dublura@firma.ro');
    expect(conflict?.message).toContain('dublura@firma.ro');
  });

  it('createUser rejects short password', async () => {
    const result = await admin.request(CreateUserDocument, {
      email: 'scurt@firma.ro',
      name: 'Short Password',
      role: 'AGENT',
      password: 'short-pass',
    });
    const issue =
      result.createUser.__typename === 'ValidationError' ? result.createUser.issues[0] : null;

    expect(issue?.field).toBe('password');
    expect(issue?.message).toBe('must be at least 12 characters long');
  });

  it('users pages and filters by role', async () => {
    for (const email of ['pag.c@firma.ro', 'pag.a@firma.ro', 'pag.b@firma.ro']) {
      await createUserAs(admin, email, 'MANAGER');
    }
    const filter = { text: 'pag.', role: 'MANAGER' as const };
    const first = await admin.request(UsersDocument, { first: 2, filter });
    const second = await admin.request(UsersDocument, {
      first: 2,
      after: first.users.pageInfo.endCursor,
      filter,
    });
    const emails = [...first.users.edges, ...second.users.edges].map((edge) => edge.node.email);

    expect(emails).toEqual(['pag.a@firma.ro', 'pag.b@firma.ro', 'pag.c@firma.ro']);
    expect(second.users.pageInfo.hasNextPage).toBe(false);
  });

  it('users filter escapes LIKE wildcards', async () => {
    const result = await admin.request(UsersDocument, { filter: { text: '%' } });

    expect(result.users.edges).toEqual([]);
  });

  it('deactivation revokes every token', async () => {
    const user = await createUserAs(admin, 'plecat@firma.ro');
    const session = await logIn(api, 'plecat@firma.ro', STRONG_PASSWORD);
    const created = await admin.request(CreateApiTokenDocument, { userId: user.id, name: 'ERP' });
    const apiToken =
      created.createApiToken.__typename === 'MutationCreateApiTokenSuccess'
        ? created.createApiToken.data.token
        : 'missing';
    const integration = createCrmClient({ url: api.graphqlUrl, token: apiToken });
    const beforeCode = await errorCodeOf(integration.request(MeDocument));

    await admin.request(UpdateUserDocument, { id: user.id, active: false });
    await admin.request(UpdateUserDocument, { id: user.id, active: true });

    expect(beforeCode).toBeNull();
    expect(await errorCodeOf(session.request(MeDocument))).toBe('UNAUTHENTICATED');
    expect(await errorCodeOf(integration.request(MeDocument))).toBe('UNAUTHENTICATED');
  });

  it('updateUser changes name and role', async () => {
    const user = await createUserAs(admin, 'promovat@firma.ro');
    const result = await admin.request(UpdateUserDocument, {
      id: user.id,
      name: 'Promovat Manager',
      role: 'MANAGER',
    });
    const updated =
      result.updateUser.__typename === 'MutationUpdateUserSuccess' ? result.updateUser.data : null;

    expect(updated?.name).toBe('Promovat Manager');
    expect(updated?.role).toBe('MANAGER');
    expect(updated?.active).toBe(true);
  });

  it('updateUser reports unknown user', async () => {
    const missing = Buffer.from('User:00000000-0000-4000-8000-000000000000').toString('base64');
    const result = await admin.request(UpdateUserDocument, { id: missing, name: 'Nobody' });

    expect(result.updateUser.__typename).toBe('NotFoundError');
  });

  it('setUserPassword ends old sessions', async () => {
    const user = await createUserAs(admin, 'parola@firma.ro');
    const oldSession = await logIn(api, 'parola@firma.ro', STRONG_PASSWORD);
    const result = await admin.request(SetUserPasswordDocument, {
      id: user.id,
      password: 'a-new-long-password',
    });
    const oldLogin = await anonymousClient(api).request(LoginDocument, {
      email: 'parola@firma.ro',
      password: STRONG_PASSWORD,
    });
    const newSession = await logIn(api, 'parola@firma.ro', 'a-new-long-password');

    expect(result.setUserPassword.__typename).toBe('MutationSetUserPasswordSuccess');
    expect(oldLogin.login.__typename).toBe('ForbiddenError');
    expect(await errorCodeOf(oldSession.request(MeDocument))).toBe('UNAUTHENTICATED');
    expect(await errorCodeOf(newSession.request(MeDocument))).toBeNull();
  });

  it('setUserPassword rejects short password', async () => {
    const user = await createUserAs(admin, 'parola.scurta@firma.ro');
    const result = await admin.request(SetUserPasswordDocument, { id: user.id, password: '123' });
    const issue =
      result.setUserPassword.__typename === 'ValidationError'
        ? result.setUserPassword.issues[0]
        : null;

    expect(issue?.field).toBe('password');
    expect(issue?.message).toBe('must be at least 12 characters long');
  });

  it('linkUserToEmployee links, conflicts and unlinks', async () => {
    const first = await createUserAs(admin, 'legat.1@firma.ro');
    const second = await createUserAs(admin, 'legat.2@firma.ro');
    const employeeId = await createEmployeeAs(admin, 'Angajat Legat');

    const linked = await admin.request(LinkUserToEmployeeDocument, {
      userId: first.id,
      employeeId,
    });
    const taken = await admin.request(LinkUserToEmployeeDocument, {
      userId: second.id,
      employeeId,
    });
    const unlinked = await admin.request(LinkUserToEmployeeDocument, {
      userId: first.id,
      employeeId: null,
    });

    const conflict =
      taken.linkUserToEmployee.__typename === 'ConflictError' ? taken.linkUserToEmployee : null;

    expect(linkedEmployeeId(linked)).toBe(employeeId);
    expect(conflict?.field).toBe('employeeId');
    expect(linkedEmployeeId(unlinked)).toBeNull();
  });

  it('createApiToken stores only the hash', async () => {
    const user = await createUserAs(admin, 'erp@firma.ro');
    const result = await admin.request(CreateApiTokenDocument, { userId: user.id, name: 'ERP' });
    const created =
      result.createApiToken.__typename === 'MutationCreateApiTokenSuccess'
        ? result.createApiToken.data
        : null;
    const token = created?.token ?? 'missing';
    const integration = createCrmClient({ url: api.graphqlUrl, token });
    const me = await integration.request(MeDocument);
    const stored = await api.services.db
      .select({ tokenHash: tokens.tokenHash })
      .from(tokens)
      .where(eq(tokens.userId, uuidOf(user.id)));

    expect(me.me.email).toBe('erp@firma.ro');
    expect(stored.map((row) => row.tokenHash)).toEqual([hashToken(token)]);
    expect(created?.apiToken.active).toBe(true);
  });

  it('apiTokens hides revoked tokens', async () => {
    const user = await createUserAs(admin, 'integrari@firma.ro');
    const website = await admin.request(CreateApiTokenDocument, {
      userId: user.id,
      name: 'Site web',
    });
    await admin.request(CreateApiTokenDocument, { userId: user.id, name: 'ERP' });
    const websiteId =
      website.createApiToken.__typename === 'MutationCreateApiTokenSuccess'
        ? website.createApiToken.data.apiToken.id
        : 'missing';

    await admin.request(RevokeApiTokenDocument, { id: websiteId });
    const active = await admin.request(ApiTokensDocument, { userId: user.id });
    const all = await admin.request(ApiTokensDocument, { userId: user.id, includeRevoked: true });

    expect(active.apiTokens.edges.map((edge) => edge.node.name)).toEqual(['ERP']);
    expect(all.apiTokens.edges.map((edge) => edge.node.name)).toEqual(['ERP', 'Site web']);
  });

  it('ApiToken exposes no token field', async () => {
    const result = await postGraphQL<{ __type: { fields: { name: string }[] } }>(
      api.graphqlUrl,
      '{ __type(name: "ApiToken") { fields { name } } }',
    );
    const fields = result.data?.__type.fields.map((field) => field.name);

    expect(fields).toContain('name');
    expect(fields).not.toContain('token');
    expect(fields).not.toContain('tokenHash');
  });

  it('revokeApiToken blocks the token', async () => {
    const user = await createUserAs(admin, 'revocat@firma.ro');
    const result = await admin.request(CreateApiTokenDocument, { userId: user.id, name: 'Old' });
    const created =
      result.createApiToken.__typename === 'MutationCreateApiTokenSuccess'
        ? result.createApiToken.data
        : null;
    const integration = createCrmClient({ url: api.graphqlUrl, token: created?.token });

    const revoked = await admin.request(RevokeApiTokenDocument, { id: created?.apiToken.id ?? '' });

    expect(revoked.revokeApiToken.__typename).toBe('MutationRevokeApiTokenSuccess');
    expect(await errorCodeOf(integration.request(MeDocument))).toBe('UNAUTHENTICATED');
  });

  it('createApiToken rejects deactivated user', async () => {
    const user = await createUserAs(admin, 'inactiv@firma.ro');
    await admin.request(UpdateUserDocument, { id: user.id, active: false });
    const result = await admin.request(CreateApiTokenDocument, { userId: user.id, name: 'ERP' });
    const conflict =
      result.createApiToken.__typename === 'ConflictError' ? result.createApiToken : null;

    expect(conflict?.field).toBe('userId');
  });

  describe('all input problems at once', () => {
    interface Issue {
      field: string;
      value: string | null;
      message: string;
    }

    function issuesOf(result: { __typename: string; issues?: Issue[] }): Issue[] {
      if (result.__typename !== 'ValidationError' || !result.issues) {
        throw new Error(`expected a ValidationError, got ${result.__typename}`);
      }

      return result.issues;
    }

    it('createUser reports every invalid argument', async () => {
      const result = await admin.request(CreateUserDocument, {
        email: 'not-an-email',
        name: '  ',
        role: 'AGENT',
        password: 'short',
        employeeId: 'VXNlcjpub3BlCg==',
      });
      const issues = issuesOf(result.createUser);

      expect(issues.map((issue) => issue.field)).toEqual([
        'email',
        'name',
        'password',
        'employeeId',
      ]);
      expect(issues[0]).toEqual({
        field: 'email',
        value: 'not-an-email',
        message: 'must be an email address such as ana@firma.ro',
      });
      expect(issues[1]).toEqual({
        field: 'name',
        value: '  ',
        message: 'must not be empty; send the full name, such as "Ana Popescu"',
      });
      expect(issues[2]).toEqual({
        field: 'password',
        value: null,
        message: 'must be at least 12 characters long',
      });
      expect(issues[3]).toEqual({
        field: 'employeeId',
        value: 'VXNlcjpub3BlCg==',
        message: 'must be the id of an Employee, as its id field returns it',
      });
    });

    it('createUser rejects a name above 200 characters', async () => {
      const result = await admin.request(CreateUserDocument, {
        email: 'nume.lung@firma.ro',
        name: 'N'.repeat(201),
        role: 'AGENT',
        password: STRONG_PASSWORD,
      });

      expect(issuesOf(result.createUser)).toEqual([
        {
          field: 'name',
          value: `${'N'.repeat(77)}...`,
          message: 'must be at most 200 characters, but has 201; shorten it',
        },
      ]);
    });

    it('updateUser reports the id and the name', async () => {
      const result = await admin.request(UpdateUserDocument, { id: 'user?', name: '' });
      const issues = issuesOf(result.updateUser);

      expect(issues).toEqual([
        {
          field: 'id',
          value: 'user?',
          message: 'must be the id of a User, as its id field returns it',
        },
        {
          field: 'name',
          value: '',
          message: 'must not be empty; send the full name, such as "Ana Popescu"',
        },
      ]);
    });

    it('createApiToken reports the user id and a long name', async () => {
      const result = await admin.request(CreateApiTokenDocument, {
        userId: 'user?',
        name: 'T'.repeat(201),
      });
      const issues = issuesOf(result.createApiToken);

      expect(issues.map((issue) => issue.field)).toEqual(['userId', 'name']);
      expect(issues[1]).toEqual({
        field: 'name',
        value: `${'T'.repeat(77)}...`,
        message: 'must be at most 200 characters, but has 201; shorten it',
      });
    });
  });

  describe.each(['MANAGER', 'AGENT'] as const)('as %s', (role) => {
    let caller: CrmClient;
    let targetId: string;
    let tokenId: string;

    beforeAll(async () => {
      caller = await clientFor(api, role, `Refused ${role}`);
      const target = await createUserAs(admin, `tinta.${role.toLowerCase()}@firma.ro`);
      targetId = target.id;
      const token = await admin.request(CreateApiTokenDocument, { userId: targetId, name: 'X' });
      tokenId =
        token.createApiToken.__typename === 'MutationCreateApiTokenSuccess'
          ? token.createApiToken.data.apiToken.id
          : 'missing';
    });

    it('users is forbidden', async () => {
      expect(await errorCodeOf(caller.request(UsersDocument, {}))).toBe('FORBIDDEN');
    });

    it('apiTokens is forbidden', async () => {
      const request = caller.request(ApiTokensDocument, { userId: targetId });

      expect(await errorCodeOf(request)).toBe('FORBIDDEN');
    });

    it('createUser is forbidden', async () => {
      const result = await caller.request(CreateUserDocument, {
        email: `nou.${role.toLowerCase()}@firma.ro`,
        name: 'Nou',
        role: 'ADMIN',
        password: STRONG_PASSWORD,
      });

      expect(result.createUser.__typename).toBe('ForbiddenError');
    });

    it('updateUser is forbidden', async () => {
      const result = await caller.request(UpdateUserDocument, { id: targetId, role: 'ADMIN' });

      expect(result.updateUser.__typename).toBe('ForbiddenError');
    });

    it('setUserPassword is forbidden', async () => {
      const result = await caller.request(SetUserPasswordDocument, {
        id: targetId,
        password: STRONG_PASSWORD,
      });

      expect(result.setUserPassword.__typename).toBe('ForbiddenError');
    });

    it('linkUserToEmployee is forbidden', async () => {
      const result = await caller.request(LinkUserToEmployeeDocument, {
        userId: targetId,
        employeeId: null,
      });

      expect(result.linkUserToEmployee.__typename).toBe('ForbiddenError');
    });

    it('createApiToken is forbidden', async () => {
      const result = await caller.request(CreateApiTokenDocument, { userId: targetId, name: 'Y' });

      expect(result.createApiToken.__typename).toBe('ForbiddenError');
    });

    it('revokeApiToken is forbidden', async () => {
      const result = await caller.request(RevokeApiTokenDocument, { id: tokenId });

      expect(result.revokeApiToken.__typename).toBe('ForbiddenError');
    });
  });
});

describe('last active admin', () => {
  let api: TestApi;
  let admin: CrmClient;
  let adminId: string;

  beforeAll(async () => {
    api = await startTestApi();
    admin = await clientFor(api, 'ADMIN', 'Singurul Admin');
    adminId = (await admin.request(MeDocument)).me.id;
  });
  afterAll(async () => {
    await api.close();
  });

  it('cannot be demoted', async () => {
    const result = await admin.request(UpdateUserDocument, { id: adminId, role: 'MANAGER' });
    const conflict = result.updateUser.__typename === 'ConflictError' ? result.updateUser : null;

    expect(conflict?.field).toBe('role');
  });

  it('cannot be deactivated', async () => {
    const result = await admin.request(UpdateUserDocument, { id: adminId, active: false });
    const conflict = result.updateUser.__typename === 'ConflictError' ? result.updateUser : null;

    expect(conflict?.field).toBe('active');
  });

  it('can be demoted once another admin exists', async () => {
    await createUserAs(admin, 'al.doilea.admin@firma.ro', 'ADMIN');
    const result = await admin.request(UpdateUserDocument, { id: adminId, role: 'MANAGER' });

    expect(result.updateUser.__typename).toBe('MutationUpdateUserSuccess');
  });
});
