import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCrmClient,
  LoginDocument,
  SettingsDocument,
  UpdateSettingsDocument,
  type UpdateSettingsMutation,
} from '../sdk/index.js';
import { createTestUser, startTestApi, type TestApi } from './support/api.js';

async function loggedInClient(api: TestApi, role: 'ADMIN' | 'MANAGER' | 'AGENT', name: string) {
  const user = await createTestUser(api, role, name);
  const client = createCrmClient({ url: api.graphqlUrl });
  const login = await client.request(LoginDocument, { email: user.email, password: user.password });
  if (login.login.__typename !== 'MutationLoginSuccess') throw new Error(login.login.__typename);
  client.setToken(login.login.data.token);

  return client;
}

function firstIssue(result: UpdateSettingsMutation) {
  return result.updateSettings.__typename === 'ValidationError'
    ? result.updateSettings.issues[0]
    : result.updateSettings.__typename;
}

function issuesOf(result: UpdateSettingsMutation) {
  if (result.updateSettings.__typename !== 'ValidationError') {
    throw new Error(`expected a ValidationError, got ${result.updateSettings.__typename}`);
  }

  return result.updateSettings.issues;
}

describe('settings', () => {
  let api: TestApi;
  let admin: ReturnType<typeof createCrmClient>;
  let agent: ReturnType<typeof createCrmClient>;

  beforeAll(async () => {
    api = await startTestApi();
    admin = await loggedInClient(api, 'ADMIN', 'Sorin Admin');
    agent = await loggedInClient(api, 'AGENT', 'Irina Agent');
  });
  afterAll(async () => {
    await api.close();
  });

  it('returns the defaults before any change', async () => {
    const { settings } = await agent.request(SettingsDocument);

    expect(settings).toEqual({
      messageRemindersEnabled: true,
      emailRemindersEnabled: true,
      defaultReminderDaysBefore: 1,
      newTaskRefreshMinutes: 5,
      timeZone: 'Europe/Bucharest',
      updatedAt: null,
      updatedBy: null,
    });
  });

  it('lets an admin change some settings', async () => {
    const result = await admin.request(UpdateSettingsDocument, {
      input: { emailRemindersEnabled: false, defaultReminderDaysBefore: 3, timeZone: 'UTC' },
    });
    const { settings } = await agent.request(SettingsDocument);

    expect(result.updateSettings.__typename).toBe('MutationUpdateSettingsSuccess');
    expect(settings.emailRemindersEnabled).toBe(false);
    expect(settings.defaultReminderDaysBefore).toBe(3);
    expect(settings.timeZone).toBe('UTC');
    expect(settings.messageRemindersEnabled).toBe(true);
    expect(settings.newTaskRefreshMinutes).toBe(5);
    expect(settings.updatedBy?.name).toBe('Sorin Admin');
  });

  it('keeps settings that an update leaves out', async () => {
    await admin.request(UpdateSettingsDocument, { input: { newTaskRefreshMinutes: 0 } });
    await admin.request(UpdateSettingsDocument, { input: { timeZone: 'Europe/Bucharest' } });
    const { settings } = await agent.request(SettingsDocument);

    expect(settings.newTaskRefreshMinutes).toBe(0);
    expect(settings.timeZone).toBe('Europe/Bucharest');
  });

  it('rejects updates from agents as ForbiddenError', async () => {
    const result = await agent.request(UpdateSettingsDocument, {
      input: { messageRemindersEnabled: false },
    });

    expect(result.updateSettings.__typename).toBe('ForbiddenError');
  });

  it('rejects updates from managers as ForbiddenError', async () => {
    const manager = await loggedInClient(api, 'MANAGER', 'Mara Manager');
    const result = await manager.request(UpdateSettingsDocument, {
      input: { messageRemindersEnabled: false },
    });

    expect(result.updateSettings.__typename).toBe('ForbiddenError');
  });

  it('rejects an unknown time zone naming the fix', async () => {
    const result = await admin.request(UpdateSettingsDocument, {
      input: { timeZone: 'Europe/Bucuresti' },
    });

    expect(firstIssue(result)).toEqual({
      field: 'input.timeZone',
      value: 'Europe/Bucuresti',
      message:
        'must be an IANA time zone name such as Europe/Bucharest; use a name from the tz database',
    });
  });

  for (const days of [-1, 31]) {
    it(`rejects ${days} days before the deadline`, async () => {
      const result = await admin.request(UpdateSettingsDocument, {
        input: { defaultReminderDaysBefore: days },
      });

      expect(firstIssue(result)).toEqual({
        field: 'input.defaultReminderDaysBefore',
        value: String(days),
        message: 'must be from 0 (on the deadline) to 30 days; send a number in that range',
      });
    });
  }

  it('rejects a refresh interval above one day', async () => {
    const result = await admin.request(UpdateSettingsDocument, {
      input: { newTaskRefreshMinutes: 1441 },
    });

    expect(firstIssue(result)).toEqual({
      field: 'input.newTaskRefreshMinutes',
      value: '1441',
      message: 'must be from 0 (off) to 1440 minutes (one day); send a number in that range',
    });
  });

  it('reports every invalid setting at once', async () => {
    const result = await admin.request(UpdateSettingsDocument, {
      input: {
        defaultReminderDaysBefore: 31,
        newTaskRefreshMinutes: -1,
        timeZone: 'Europe/Atlantis',
        mailImportFolder: 'relative/folder',
      },
    });
    const issues = issuesOf(result);

    expect(issues.map((issue) => issue.field)).toEqual([
      'input.defaultReminderDaysBefore',
      'input.newTaskRefreshMinutes',
      'input.timeZone',
      'input.mailImportFolder',
    ]);
    expect(issues[0]).toEqual({
      field: 'input.defaultReminderDaysBefore',
      value: '31',
      message: 'must be from 0 (on the deadline) to 30 days; send a number in that range',
    });
    expect(issues[1]).toEqual({
      field: 'input.newTaskRefreshMinutes',
      value: '-1',
      message: 'must be from 0 (off) to 1440 minutes (one day); send a number in that range',
    });
    expect(issues[2]).toEqual({
      field: 'input.timeZone',
      value: 'Europe/Atlantis',
      message:
        'must be an IANA time zone name such as Europe/Bucharest; use a name from the tz database',
    });
    expect(issues[3]).toEqual({
      field: 'input.mailImportFolder',
      value: 'relative/folder',
      message: 'must be an absolute folder path such as /srv/crm/mail-import; send the full path',
    });
  });

  it('reports a missing folder with the other settings', async () => {
    const missing = `/nonexistent-crm-folder-${process.pid}`;
    const result = await admin.request(UpdateSettingsDocument, {
      input: { timeZone: 'Nowhere/Town', mailImportFolder: missing },
    });
    const issues = issuesOf(result);

    expect(issues.map((issue) => issue.field)).toEqual([
      'input.timeZone',
      'input.mailImportFolder',
    ]);
    expect(issues[1]).toEqual({
      field: 'input.mailImportFolder',
      value: missing,
      message: `the folder does not exist on the CRM server; create it (mkdir -p ${missing}) or send the path of an existing folder`,
    });
  });

  it('rejects a folder path above 4096 characters', async () => {
    const folder = `/${'f'.repeat(4096)}`;
    const result = await admin.request(UpdateSettingsDocument, {
      input: { mailImportFolder: folder },
    });

    expect(issuesOf(result)).toEqual([
      {
        field: 'input.mailImportFolder',
        value: `${folder.slice(0, 77)}...`,
        message: 'must be at most 4096 characters, but has 4097; shorten it',
      },
    ]);
  });

  it('rejects a folder name too long for the file system', async () => {
    const folder = `/${'f'.repeat(300)}`;
    const result = await admin.request(UpdateSettingsDocument, {
      input: { mailImportFolder: folder },
    });

    expect(issuesOf(result)).toEqual([
      {
        field: 'input.mailImportFolder',
        value: `${folder.slice(0, 77)}...`,
        message: 'a name in the path is longer than the file system allows; send a shorter path',
      },
    ]);
  });

  it('leaves the settings unchanged after a rejected update', async () => {
    await admin.request(UpdateSettingsDocument, {
      input: { defaultReminderDaysBefore: 5, timeZone: 'Mars/Olympus' },
    });
    const { settings } = await agent.request(SettingsDocument);

    expect(settings.defaultReminderDaysBefore).toBe(3);
  });
});
