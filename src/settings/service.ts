import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { eq } from 'drizzle-orm';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import type { Executor } from '../db/client.js';
import { ValidationError } from '../errors.js';
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

/**
 * Raises ValidationError unless `folder` is an existing folder that this process may read and
 * write, because the import lists it and moves each file into its done/ or failed/ subfolder.
 * The folder is not created, so a mistyped path is reported instead of watched in vain. The
 * check runs where the API runs, and a worker on another host must see the same path.
 */
export async function assertImportFolderUsable(folder: string, field: string): Promise<void> {
  const noAccess = () =>
    ValidationError.of(
      field,
      folder,
      `the CRM process (user id ${process.getuid?.() ?? 'unknown'}) cannot read and write the folder; grant it read and write access`,
    );
  let isFolder: boolean;
  try {
    isFolder = (await stat(folder)).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES') throw noAccess();
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    throw ValidationError.of(
      field,
      folder,
      `the folder does not exist on the CRM server; create it (mkdir -p ${folder}) or send the path of an existing folder`,
    );
  }
  if (!isFolder) {
    throw ValidationError.of(
      field,
      folder,
      'the path is a file, not a folder; send the path of a folder',
    );
  }

  try {
    await access(folder, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch {
    throw noAccess();
  }
}

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
