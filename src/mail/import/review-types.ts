import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { UserRef } from '../../auth/types.js';
import { builder } from '../../graphql/builder.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { globalIdOf } from '../../graphql/global-id.js';
import { resolveKeysetConnection } from '../../graphql/keyset.js';
import { boundedText } from '../../validation/text.js';
import { createEmailFileStore } from './email-files.js';
import { publishImportEvents } from './email-events.js';
import { EmailReviewStatusEnum, ImportStatusEnum } from './email-shapes.js';
import { ImportedEmailRef } from './imported-email-node.js';
import { assignEmailToPartner, dismissEmail, type ReviewDecision } from './review-queue.js';
import { emailReviewItems } from './tables.js';
import type { Context } from '../../graphql/context.js';

type ReviewItemRow = typeof emailReviewItems.$inferSelect;

const EmailReviewItemRef = builder.objectRef<ReviewItemRow>('EmailReviewItem').implement({
  description: 'An unmatched or ambiguous email waiting for a user to assign it to a partner.',
  fields: (t) => ({
    email: t.field({ type: ImportedEmailRef, resolve: (item) => item.emailId }),
    reason: t.expose('reason', {
      type: ImportStatusEnum,
      description: 'UNMATCHED or AMBIGUOUS: the import outcome that queued the email.',
    }),
    status: t.expose('status', { type: EmailReviewStatusEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    resolvedBy: t.field({ type: UserRef, nullable: true, resolve: (item) => item.resolvedBy }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

builder.queryField('emailReviewQueue', (t) =>
  t.connection({
    type: EmailReviewItemRef,
    description:
      'Emails waiting for assignment, oldest first: OPEN items unless `status` names another status.',
    args: { status: t.arg({ type: EmailReviewStatusEnum, required: false }) },
    resolve: (_root, args, context) =>
      resolveKeysetConnection(
        args,
        context.maxPageSize,
        {
          key: emailReviewItems.createdAt,
          id: emailReviewItems.id,
          descending: false,
          cursorOf: (row: ReviewItemRow) => [row.createdAt.toISOString(), row.id],
        },
        ({ where, orderBy, limit }) =>
          context.db
            .select()
            .from(emailReviewItems)
            .where(and(eq(emailReviewItems.status, args.status ?? 'OPEN'), where))
            .orderBy(...orderBy)
            .limit(limit),
      ),
  }),
);

function finish(context: Context, decision: ReviewDecision, event: string) {
  publishImportEvents(context.events, decision.events);
  context.log.info(
    { event, emailId: decision.email.id, taskId: decision.email.taskId },
    `review queue email ${event === 'email_assigned' ? 'assigned' : 'dismissed'}`,
  );

  return decision.email;
}

/** Maximum length of the note that explains a dismissed email. */
const MAX_NOTE = 1000;

builder.mutationField('assignEmailToPartner', (t) =>
  t.field({
    type: ImportedEmailRef,
    description:
      "Assigns an email from the review queue to a partner: creates its task for the partner's representative and attaches the email's files to it.",
    errors: mutationErrors,
    args: t.validate(
      { emailId: t.arg.id(), partnerId: t.arg.id(), siteId: t.arg.id({ required: false }) },
      z.object({
        emailId: globalIdOf('ImportedEmail'),
        partnerId: globalIdOf('Partner'),
        siteId: globalIdOf('Site').nullish(),
      }),
    ),
    resolve: async (_root, args, context) => {
      const files = createEmailFileStore(context.files);
      const decision = await context.db.transaction((tx) =>
        assignEmailToPartner(tx, files, context.viewer!, {
          emailId: args.emailId,
          partnerId: args.partnerId,
          siteId: args.siteId ?? null,
        }),
      );

      return finish(context, decision, 'email_assigned');
    },
  }),
);

builder.mutationField('dismissEmail', (t) =>
  t.field({
    type: ImportedEmailRef,
    description: 'Removes an email from the review queue without creating a task.',
    errors: mutationErrors,
    args: t.validate(
      {
        emailId: t.arg.id(),
        note: t.arg.string({
          required: false,
          description: `Why the email needs no task, for the other reviewers; at most ${MAX_NOTE} characters.`,
        }),
      },
      z.object({
        emailId: globalIdOf('ImportedEmail'),
        note: boundedText(MAX_NOTE).trim().nullish(),
      }),
    ),
    resolve: async (_root, args, context) => {
      const decision = await context.db.transaction((tx) =>
        dismissEmail(tx, context.viewer!, { emailId: args.emailId, note: args.note ?? null }),
      );

      return finish(context, decision, 'email_dismissed');
    },
  }),
);
