import { builder } from '../../graphql/builder.js';
import { anyOf } from '../../graphql/pagination.js';
import { NotFoundError } from '../../errors.js';
import { PartnerRef, SiteRef } from '../../partners/types.js';
import { TaskRef } from '../../tasks/types.js';
import {
  EmailAddressRef,
  EmailAttachmentInfoRef,
  EmailBounceRef,
  EmailCalendarEventRef,
  EmailClassificationEnum,
  EmailDirectionEnum,
  EmailSiteCandidateRef,
  EmailSourceKindEnum,
  ImportStatusEnum,
} from './email-shapes.js';
import { importedEmails } from './tables.js';

export type ImportedEmailRow = typeof importedEmails.$inferSelect;

/** The source of an imported email: a file and its position, or a mailbox folder and UID. */
export const EmailSourceRef = builder.objectRef<ImportedEmailRow>('EmailSource').implement({
  fields: (t) => ({
    kind: t.expose('sourceKind', { type: EmailSourceKindEnum }),
    path: t.exposeString('sourcePath', {
      nullable: true,
      description: 'The file as it was named when read; it is moved to done/ afterwards.',
    }),
    index: t.exposeInt('sourceIndex', {
      nullable: true,
      description: 'Position of the message in the file, from 0.',
    }),
    folder: t.exposeString('folder', { nullable: true }),
    uidValidity: t.string({
      nullable: true,
      description: 'UIDVALIDITY of the folder when read, as a decimal string.',
      resolve: (email) => email.uidValidity?.toString() ?? null,
    }),
    uid: t.string({
      nullable: true,
      description: 'UID of the message under that UIDVALIDITY, as a decimal string.',
      resolve: (email) => email.uid?.toString() ?? null,
    }),
  }),
});

export const ImportedEmailRef = builder.loadableNode('ImportedEmail', {
  description:
    'An email read from a file or an IMAP mailbox, with its outcome. The HTML body is never stored.',
  id: { resolve: (email: ImportedEmailRow) => email.id },
  load: async (ids: string[], context) => {
    const rows = await context.db
      .select()
      .from(importedEmails)
      .where(anyOf(importedEmails.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('imported email', id));
  },
  fields: (t) => ({
    status: t.expose('status', { type: ImportStatusEnum }),
    messageId: t.exposeString('messageId', { nullable: true }),
    direction: t.expose('direction', { type: EmailDirectionEnum, nullable: true }),
    from: t.field({
      type: EmailAddressRef,
      nullable: true,
      resolve: (email) =>
        email.fromAddress || email.fromName
          ? { address: email.fromAddress, name: email.fromName }
          : null,
    }),
    to: t.field({ type: [EmailAddressRef], resolve: (email) => email.toAddresses }),
    cc: t.field({ type: [EmailAddressRef], resolve: (email) => email.ccAddresses }),
    replyTo: t.field({ type: [EmailAddressRef], resolve: (email) => email.replyToAddresses }),
    subject: t.exposeString('subject', { description: 'Fully decoded, as received.' }),
    date: t.expose('sentAt', { type: 'DateTime', nullable: true }),
    dateSource: t.exposeString('dateSource', {
      nullable: true,
      description:
        'Where the date came from: date_header, received_header_topmost, mbox_from_line, imap_internal_date, export_local_time, export_zoned_time or none.',
    }),
    bodyExcerpt: t.exposeString('bodyExcerpt'),
    bodyText: t.exposeString('bodyText', { description: 'The plain-text body.' }),
    classification: t.expose('classification', {
      type: EmailClassificationEnum,
      nullable: true,
    }),
    classificationReason: t.exposeString('classificationReason', { nullable: true }),
    partner: t.field({ type: PartnerRef, nullable: true, resolve: (email) => email.partnerId }),
    site: t.field({ type: SiteRef, nullable: true, resolve: (email) => email.siteId }),
    matchedVia: t.exposeString('matchedVia', {
      nullable: true,
      description: 'The header that matched the partner (from, reply_to, cc, to), or manual.',
    }),
    matchDetail: t.exposeString('matchDetail', { nullable: true }),
    matchCandidates: t.field({
      type: [EmailSiteCandidateRef],
      description: 'The partner sites an ambiguous email could belong to.',
      resolve: (email) => email.matchCandidates,
    }),
    task: t.field({ type: TaskRef, nullable: true, resolve: (email) => email.taskId }),
    inReplyTo: t.exposeString('inReplyTo', { nullable: true }),
    references: t.exposeStringList('references'),
    threadRootId: t.exposeString('threadRootId', { nullable: true }),
    attachments: t.field({
      type: [EmailAttachmentInfoRef],
      resolve: (email) => email.attachments,
    }),
    calendarEvent: t.field({
      type: EmailCalendarEventRef,
      nullable: true,
      resolve: (email) => email.calendar,
    }),
    bounce: t.field({ type: EmailBounceRef, nullable: true, resolve: (email) => email.bounce }),
    warnings: t.exposeStringList('warnings'),
    source: t.field({ type: EmailSourceRef, resolve: (email) => email }),
    failureCode: t.exposeString('failureCode', { nullable: true }),
    failureReason: t.exposeString('failureReason', { nullable: true }),
    importedAt: t.expose('importedAt', { type: 'DateTime' }),
  }),
});

builder.objectField(ImportedEmailRef, 'duplicateOf', (t) =>
  t.field({
    type: ImportedEmailRef,
    nullable: true,
    description: 'The imported email this one repeats, for DUPLICATE emails.',
    resolve: (email) => email.duplicateOfId,
  }),
);
