import { eq } from 'drizzle-orm';
import type { Transaction } from '../../db/client.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import type { Viewer } from '../../graphql/context.js';
import { partners, sites } from '../../partners/tables.js';
import type { EmailFileStore } from './email-files.js';
import { type ImportEvents, planEmailEvents } from './email-events.js';
import { createEmailTask } from './email-task.js';
import { emailReviewItems, importedEmails } from './tables.js';
import { adoptWaitingThreadEmails } from './thread-adoption.js';

export type ImportedEmailRow = typeof importedEmails.$inferSelect;

export interface ReviewDecision {
  email: ImportedEmailRow;
  events: ImportEvents;
}

/** Locks an email and its open review item; raises when the email is not waiting for review. */
async function lockOpenItem(tx: Transaction, emailId: string) {
  const [email] = await tx
    .select()
    .from(importedEmails)
    .where(eq(importedEmails.id, emailId))
    .for('update');
  if (!email) throw new NotFoundError('imported email', emailId, 'emailId');

  const [item] = await tx
    .select()
    .from(emailReviewItems)
    .where(eq(emailReviewItems.emailId, emailId))
    .for('update');
  if (!item) {
    throw new ConflictError(
      'emailId',
      emailId,
      `the email is ${email.status}, not waiting for review; only UNMATCHED and AMBIGUOUS emails are assigned by hand`,
    );
  }
  if (item.status !== 'OPEN') {
    throw new ConflictError(
      'emailId',
      emailId,
      `the email was already ${item.status.toLowerCase()} at ${item.resolvedAt?.toISOString()}; reload the review queue`,
    );
  }

  return { email, item };
}

async function assertSiteOfPartner(tx: Transaction, partnerId: string, siteId: string | null) {
  const [partner] = await tx
    .select({ id: partners.id })
    .from(partners)
    .where(eq(partners.id, partnerId));
  if (!partner) throw new NotFoundError('partner', partnerId, 'partnerId');
  if (!siteId) return;

  const [site] = await tx
    .select({ partnerId: sites.partnerId })
    .from(sites)
    .where(eq(sites.id, siteId));
  if (!site) throw new NotFoundError('site', siteId, 'siteId');
  if (site.partnerId !== partnerId) {
    throw ValidationError.of(
      'siteId',
      siteId,
      'must be a site of the partner given in partnerId; pick one of its sites or omit siteId',
    );
  }
}

/**
 * Assigns an email from the review queue to a partner: creates its task (as a message matched on
 * import would), attaches the email's stored files to the task and closes the review item. The
 * other emails of its thread still waiting for review join the new task.
 */
export async function assignEmailToPartner(
  tx: Transaction,
  files: EmailFileStore,
  viewer: Viewer,
  input: { emailId: string; partnerId: string; siteId: string | null },
): Promise<ReviewDecision> {
  const { email } = await lockOpenItem(tx, input.emailId);
  await assertSiteOfPartner(tx, input.partnerId, input.siteId);

  const created = await createEmailTask(tx, {
    partnerId: input.partnerId,
    subject: email.subject,
    bodyText: email.bodyText,
    calendar: email.classification === 'CALENDAR_INVITE' ? email.calendar : null,
    creatorId: viewer.userId,
  });
  for (const fileId of await files.attachedFileIds(tx, { type: 'EMAIL', id: email.id })) {
    await files.attach(tx, fileId, { type: 'TASK', id: created.taskId });
  }
  const adopted = await adoptWaitingThreadEmails(tx, files, email, created.taskId);
  const [updated] = await tx
    .update(importedEmails)
    .set({
      status: 'IMPORTED',
      partnerId: input.partnerId,
      siteId: input.siteId,
      taskId: created.taskId,
      matchedVia: 'manual',
    })
    .where(eq(importedEmails.id, email.id))
    .returning();
  await closeItem(tx, email.id, viewer, 'ASSIGNED', null);

  return {
    email: updated!,
    events: await planEmailEvents(tx, email.id, created.taskId, [
      created.events,
      ...adopted.events,
    ]),
  };
}

/** Removes an email from the review queue without a task; the email keeps its status. */
export async function dismissEmail(
  tx: Transaction,
  viewer: Viewer,
  input: { emailId: string; note: string | null },
): Promise<ReviewDecision> {
  const { email } = await lockOpenItem(tx, input.emailId);
  await closeItem(tx, email.id, viewer, 'DISMISSED', input.note);

  return { email, events: await planEmailEvents(tx, email.id, null, []) };
}

async function closeItem(
  tx: Transaction,
  emailId: string,
  viewer: Viewer,
  status: 'ASSIGNED' | 'DISMISSED',
  note: string | null,
) {
  await tx
    .update(emailReviewItems)
    .set({ status, note, resolvedAt: new Date(), resolvedBy: viewer.userId })
    .where(eq(emailReviewItems.emailId, emailId));
}
