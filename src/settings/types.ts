import { UserRef } from '../auth/types.js';
import { builder } from '../graphql/builder.js';
import { mutationErrors } from '../graphql/error-types.js';
import {
  DEFAULT_SETTINGS,
  getSettings,
  type SettingsPatch,
  type SettingsRow,
  updateSettings,
} from './service.js';
import { MAX_FOLDER_PATH, updateSettingsArgs } from './settings-schema.js';

const SettingsRef = builder.objectRef<SettingsRow>('Settings').implement({
  description: 'Global settings of the CRM.',
  fields: (t) => ({
    messageRemindersEnabled: t.exposeBoolean('messageRemindersEnabled', {
      description: 'Whether task deadline reminders go out as in-app messages.',
    }),
    emailRemindersEnabled: t.exposeBoolean('emailRemindersEnabled', {
      description: 'Whether task deadline reminders go out by email.',
    }),
    defaultReminderDaysBefore: t.exposeInt('defaultReminderDaysBefore', {
      description:
        'Days before the deadline that a reminder goes out, unless the task says otherwise.',
    }),
    newTaskRefreshMinutes: t.exposeInt('newTaskRefreshMinutes', {
      description: 'Minutes between polls for new tasks in clients that poll; 0 turns polling off.',
    }),
    timeZone: t.exposeString('timeZone', {
      description: 'IANA time zone of the company, such as Europe/Bucharest.',
    }),
    mailImportFolder: t.exposeString('mailImportFolder', {
      nullable: true,
      description: 'Folder the worker imports email files from; null when the import is off.',
    }),
    mailImportFormat: t.exposeString('mailImportFormat', {
      description:
        'Format of the files in the import folder: AUTO, EML, MBOX, OUTLOOK_TEXT or THUNDERBIRD_TEXT.',
    }),
    ownEmailDomains: t.exposeStringList('ownEmailDomains', {
      description: "The company's own email domains; mail from them is outgoing.",
    }),
    updatedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When an admin last changed the settings; null while the defaults apply.',
      resolve: (row) => (row === DEFAULT_SETTINGS ? null : row.updatedAt),
    }),
    updatedBy: t.field({
      type: UserRef,
      nullable: true,
      resolve: (row) => row.updatedBy,
    }),
  }),
});

const SettingsInput = builder.inputType('SettingsInput', {
  description: 'Settings to change; omitted fields keep their value.',
  fields: (t) => ({
    messageRemindersEnabled: t.boolean({ required: false }),
    emailRemindersEnabled: t.boolean({ required: false }),
    defaultReminderDaysBefore: t.int({ required: false }),
    newTaskRefreshMinutes: t.int({ required: false }),
    timeZone: t.string({ required: false }),
    mailImportFolder: t.string({
      required: false,
      description: `Absolute path, at most ${MAX_FOLDER_PATH} characters, of an existing folder that the CRM server can read and write, from which email files are imported; null turns the folder import off.`,
    }),
    mailImportFormat: t.string({
      required: false,
      description: 'AUTO (detected per file), EML, MBOX, OUTLOOK_TEXT or THUNDERBIRD_TEXT.',
    }),
    ownEmailDomains: t.stringList({
      required: false,
      description: "The company's own email domains, such as firma.ro; replaces the list.",
    }),
  }),
});

builder.queryField('settings', (t) =>
  t.field({
    type: SettingsRef,
    resolve: (_root, _args, context) => getSettings(context.db),
  }),
);

builder.mutationField('updateSettings', (t) =>
  t.field({
    type: SettingsRef,
    authScopes: { admin: true },
    errors: mutationErrors,
    args: t.validate({ input: t.arg({ type: SettingsInput }) }, updateSettingsArgs),
    resolve: async (_root, { input }, context) => {
      const patch: SettingsPatch = {};
      for (const [key, value] of Object.entries(input)) {
        // An explicit null clears the import folder; other settings ignore null.
        const clears = key === 'mailImportFolder' && value === null;
        if ((value !== null && value !== undefined) || clears) {
          Object.assign(patch, { [key]: value });
        }
      }

      const settings = await context.db.transaction((tx) =>
        updateSettings(tx, context.viewer!.userId, patch),
      );
      context.log.info(
        { event: 'settings_updated', fields: Object.keys(patch) },
        'settings updated',
      );

      return settings;
    },
  }),
);
