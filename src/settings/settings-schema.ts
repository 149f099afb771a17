import { isAbsolute } from 'node:path';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { boundedText } from '../validation/text.js';
import { importFolderProblem } from './service.js';

/** Maximum length of a folder path, the PATH_MAX of Linux. */
export const MAX_FOLDER_PATH = 4096;

/** An absolute path of an existing folder that the CRM process may read and write. */
const importFolder = boundedText(MAX_FOLDER_PATH)
  .trim()
  .pipe(
    z
      .string()
      .refine(
        (folder) => isAbsolute(folder),
        'must be an absolute folder path such as /srv/crm/mail-import; send the full path',
      ),
  )
  .pipe(
    z.string().superRefine(async (folder, context) => {
      const problem = await importFolderProblem(folder);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
  );

/**
 * The arguments of updateSettings. Every setting is checked in one pass, the import folder on
 * the file system too, so one ValidationError lists all invalid settings.
 */
export const updateSettingsArgs = z.object({
  input: z.object({
    messageRemindersEnabled: z.boolean().nullish(),
    emailRemindersEnabled: z.boolean().nullish(),
    defaultReminderDaysBefore: z
      .number()
      .int('must be a whole number of days')
      .min(0, 'must be from 0 (on the deadline) to 30 days; send a number in that range')
      .max(30, 'must be from 0 (on the deadline) to 30 days; send a number in that range')
      .nullish(),
    newTaskRefreshMinutes: z
      .number()
      .int('must be a whole number of minutes')
      .min(0, 'must be from 0 (off) to 1440 minutes (one day); send a number in that range')
      .max(1440, 'must be from 0 (off) to 1440 minutes (one day); send a number in that range')
      .nullish(),
    timeZone: z
      .string()
      .refine(
        (zone) => IANAZone.isValidZone(zone),
        'must be an IANA time zone name such as Europe/Bucharest; use a name from the tz database',
      )
      .nullish(),
    mailImportFolder: importFolder.nullish(),
    mailImportFormat: z
      .enum(['AUTO', 'EML', 'MBOX', 'OUTLOOK_TEXT', 'THUNDERBIRD_TEXT'], {
        error: 'must be AUTO, EML, MBOX, OUTLOOK_TEXT or THUNDERBIRD_TEXT',
      })
      .nullish(),
    ownEmailDomains: z
      .array(
        z
          .string()
          .trim()
          .toLowerCase()
          .regex(
            /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/,
            'must be a domain name such as firma.ro, without @ or spaces',
          ),
      )
      .nullish(),
  }),
});
