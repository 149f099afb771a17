/**
 * Zod schemas for the arguments of dossier and attachment mutations, which report every
 * invalid argument at once with its input path.
 */
import { z } from 'zod';
import { globalIdOf } from '../graphql/global-id.js';
import { whenFieldsValid } from '../validation/cross-field.js';
import { boundedText, requiredText, TEXT_LIMITS } from '../validation/text.js';
import { parseRecordId } from './record-ids.js';
import type { RecordType } from './record-sources.js';
import { recordTypeEnum } from './tables.js';

export const dossierName = requiredText(
  TEXT_LIMITS.name,
  'name the dossier, such as "Contract 2026"',
).refine((name) => !/\p{Cc}/u.test(name), 'must not contain control characters; remove them');

export const createDossierArgs = z.object({
  input: z.object({
    name: dossierName,
    description: boundedText(TEXT_LIMITS.longText).nullish(),
  }),
});

export const renameDossierArgs = z.object({ id: globalIdOf('Dossier'), name: dossierName });

/** Checks that `recordId` is the id of a record of `recordType`; the resolver decodes it. */
function checkRecordId(
  args: { recordType: RecordType; recordId: string },
  context: z.RefinementCtx,
) {
  const parsed = parseRecordId(args.recordType, args.recordId);
  if ('id' in parsed) return;

  context.addIssue({ code: 'custom', path: [parsed.issue.field], message: parsed.issue.message });
}

export const uploadAttachmentArgs = z
  .object({
    recordType: z.enum(recordTypeEnum.enumValues),
    recordId: z.string(),
    file: z.custom<File>(),
    dossierId: globalIdOf('Dossier').nullish(),
  })
  .superRefine(checkRecordId, whenFieldsValid('recordType', 'recordId'));

export const fileAttachmentArgs = z.object({
  attachmentId: globalIdOf('Attachment'),
  dossierId: globalIdOf('Dossier').nullish(),
});
