import { isAbsolute } from 'node:path';
import { eq } from 'drizzle-orm';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import type { Executor } from '../db/client.js';
import { settings } from './tables.js';

export type SettingsRow = typeof settings.$inferSelect;

export type SettingsPatch = Partial<
  Pick<
    SettingsRow,
    | 'messageRemindersEnabled'
    | 'emailRemindersEnabled'
    | 'defaultReminderDaysBefore'
    | 'newTaskRefreshMinutes'
    | 'timeZone'
    | 'mailImportFolder'
    | 'mailImportFormat'
    | 'ownEmailDomains'
  >
>;

/** The settings in force before an admin changes any. */
export const DEFAULT_SETTINGS: SettingsRow = {
  id: 1,
  messageRemindersEnabled: true,
  emailRemindersEnabled: true,
  defaultReminderDaysBefore: 1,
  newTaskRefreshMinutes: 5,
  timeZone: 'Europe/Bucharest',
  mailImportFolder: null,
  mailImportFormat: 'AUTO',
  ownEmailDomains: [],
  updatedAt: new Date(0),
  updatedBy: null,
};

/** Validation of each setting, shared by the GraphQL input and any other writer. */
export const settingRules = {
  defaultReminderDaysBefore: z
    .number()
    .int('must be a whole number of days')
    .min(0, 'must be from 0 (on the deadline) to 30 days; send a number in that range')
    .max(30, 'must be from 0 (on the deadline) to 30 days; send a number in that range'),
  newTaskRefreshMinutes: z
    .number()
    .int('must be a whole number of minutes')
    .min(0, 'must be from 0 (off) to 1440 minutes (one day); send a number in that range')
    .max(1440, 'must be from 0 (off) to 1440 minutes (one day); send a number in that range'),
  timeZone: z
    .string()
    .refine(
      (zone) => IANAZone.isValidZone(zone),
      'must be an IANA time zone name such as Europe/Bucharest; use a name from the tz database',
    ),
  mailImportFolder: z
    .string()
    .trim()
    .refine(
      (folder) => isAbsolute(folder),
      'must be an absolute folder path such as /srv/crm/mail-import; send the full path',
    ),
  mailImportFormat: z.enum(['AUTO', 'EML', 'MBOX', 'OUTLOOK_TEXT', 'THUNDERBIRD_TEXT']),
  ownEmailDomains: z.array(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(
        /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/,
        'must be a domain name such as firma.ro, without @ or spaces',
      ),
  ),
};

/** Returns the global settings, or the defaults when none were saved. */
export async function getSettings(db: Executor): Promise<SettingsRow> {
  const [row] = await db.select().from(settings).where(eq(settings.id, 1));

  return row ?? DEFAULT_SETTINGS;
}

/** Changes the given settings, creating the row with the defaults on the first change. */
export async function updateSettings(
  db: Executor,
  userId: string,
  patch: SettingsPatch,
): Promise<SettingsRow> {
  const values = { ...patch, updatedAt: new Date(), updatedBy: userId };
  const [row] = await db
    .insert(settings)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: settings.id, set: values })
    .returning();

  return row!;
}
