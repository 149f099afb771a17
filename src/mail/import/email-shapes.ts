import { builder } from '../../graphql/builder.js';
import { PartnerRef, SiteRef } from '../../partners/types.js';
import {
  emailClassificationEnum,
  emailDirectionEnum,
  emailSourceKindEnum,
  importStatusEnum,
  reviewStatusEnum,
  type AttachmentSummary,
  type BounceSummary,
  type CalendarSummary,
  type SiteCandidate,
  type StoredAddress,
} from './tables.js';
import type { OutcomeCounts } from '../imap/tables.js';

export const ImportStatusEnum = builder.enumType('EmailImportStatus', {
  description:
    'Outcome of an imported email: IMPORTED (it has a task), DUPLICATE (a copy of an imported one), UNMATCHED or AMBIGUOUS (waiting for review), BOUNCE, AUTO_REPLY (no task), FAILED (quarantined).',
  values: importStatusEnum.enumValues,
});

export const EmailDirectionEnum = builder.enumType('EmailDirection', {
  description: "OUTGOING when the sender is in one of the company's own domains.",
  values: emailDirectionEnum.enumValues,
});

export const EmailClassificationEnum = builder.enumType('EmailClassification', {
  values: emailClassificationEnum.enumValues,
});

export const EmailSourceKindEnum = builder.enumType('EmailSourceKind', {
  values: emailSourceKindEnum.enumValues,
});

export const EmailReviewStatusEnum = builder.enumType('EmailReviewStatus', {
  values: reviewStatusEnum.enumValues,
});

export const EmailAddressRef = builder.objectRef<StoredAddress>('EmailAddress').implement({
  description: 'A mailbox as written in a header; text exports may carry a name without address.',
  fields: (t) => ({
    address: t.exposeString('address', { nullable: true }),
    name: t.exposeString('name', { nullable: true }),
  }),
});

export const EmailAttachmentInfoRef = builder
  .objectRef<AttachmentSummary>('EmailAttachmentInfo')
  .implement({
    description: 'An attachment of an imported email; stored ones are attached to the email.',
    fields: (t) => ({
      filename: t.exposeString('filename'),
      contentType: t.exposeString('contentType'),
      size: t.exposeInt('size', { nullable: true, description: 'Decoded bytes, when known.' }),
      sha256: t.exposeString('sha256', { nullable: true }),
      stored: t.exposeBoolean('stored'),
      omittedReason: t.exposeString('omittedReason', { nullable: true }),
    }),
  });

export const EmailCalendarEventRef = builder
  .objectRef<CalendarSummary>('EmailCalendarEvent')
  .implement({
    description: 'The event of a calendar invite.',
    fields: (t) => ({
      method: t.exposeString('method', { nullable: true }),
      uid: t.exposeString('uid', { nullable: true }),
      summary: t.exposeString('summary', { nullable: true }),
      start: t.field({
        type: 'DateTime',
        nullable: true,
        resolve: (event) => (event.start ? new Date(event.start) : null),
      }),
      end: t.field({
        type: 'DateTime',
        nullable: true,
        resolve: (event) => (event.end ? new Date(event.end) : null),
      }),
      organizer: t.exposeString('organizer', { nullable: true }),
    }),
  });

export const EmailSiteCandidateRef = builder
  .objectRef<SiteCandidate>('EmailSiteCandidate')
  .implement({
    description: 'A partner site holding one of the addresses of an email.',
    fields: (t) => ({
      partner: t.field({ type: PartnerRef, resolve: (candidate) => candidate.partnerId }),
      site: t.field({ type: SiteRef, resolve: (candidate) => candidate.siteId }),
      address: t.exposeString('address'),
    }),
  });

export const EmailBounceRef = builder.objectRef<BounceSummary>('EmailBounce').implement({
  description: 'What a delivery status notification reports.',
  fields: (t) => ({
    failedRecipients: t.exposeStringList('failedRecipients'),
    status: t.exposeString('status', { nullable: true, description: 'Such as 5.1.1.' }),
    originalMessageId: t.exposeString('originalMessageId', { nullable: true }),
    originalSubject: t.exposeString('originalSubject', { nullable: true }),
    relatedSites: t.field({
      type: [EmailSiteCandidateRef],
      description: 'Partner sites whose address bounced.',
      resolve: (bounce) => bounce.relatedSites,
    }),
  }),
});

export interface OutcomeCount {
  status: (typeof importStatusEnum.enumValues)[number];
  count: number;
}

export const OutcomeCountRef = builder.objectRef<OutcomeCount>('EmailImportCount').implement({
  description: 'How many imported emails got one outcome.',
  fields: (t) => ({
    status: t.expose('status', { type: ImportStatusEnum }),
    count: t.exposeInt('count'),
  }),
});

/** Lists counts by outcome in the order of the status enum, leaving out zeros. */
export function toOutcomeCounts(counts: OutcomeCounts): OutcomeCount[] {
  return importStatusEnum.enumValues
    .map((status) => ({ status, count: counts[status] ?? 0 }))
    .filter((entry) => entry.count > 0);
}
