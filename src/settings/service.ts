import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { moduleLogger } from '../logger.js';
import { settings } from './tables.js';

const log = moduleLogger('settings');

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

/**
 * Returns why `folder` cannot be the import folder, or null when it is an existing folder that
 * this process may read and write, because the import lists it and moves each file into its
 * done/ or failed/ subfolder. The folder is not created, so a mistyped path is reported instead
 * of watched in vain. The check runs where the API runs, and a worker on another host must see
 * the same path. It never throws, because it runs inside an async zod refinement, where a
 * thrown error also escapes as an unhandled rejection (zod 4).
 */
export async function importFolderProblem(folder: string): Promise<string | null> {
  try {
    if (!(await stat(folder)).isDirectory()) {
      return 'the path is a file, not a folder; send the path of a folder';
    }
    await access(folder, constants.R_OK | constants.W_OK | constants.X_OK);

    return null;
  } catch (error) {
    return folderErrorProblem(folder, error);
  }
}

function folderErrorProblem(folder: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `the CRM process (user id ${process.getuid?.() ?? 'unknown'}) cannot read and write the folder; grant it read and write access`;
    case 'ENOENT':
    case 'ENOTDIR':
      return `the folder does not exist on the CRM server; create it (mkdir -p ${folder}) or send the path of an existing folder`;
    case 'ENAMETOOLONG':
      return 'a name in the path is longer than the file system allows; send a shorter path';
    default:
      log.error({ err: error, code }, 'import folder check failed');

      return `the folder could not be checked (${code ?? 'unknown error'}); check the path and the disk on the CRM server`;
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
