import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { siteEmails, sites } from '../../partners/tables.js';
import { type BounceSummary, emailBounces } from './tables.js';

/**
 * Counts a bounce against each failed recipient that a partner site holds. `bouncedAt` is the
 * bounce message's date, so a bounce imported late does not replace a newer one as the latest.
 */
export async function recordEmailBounce(
  db: Executor,
  emailId: string,
  bounce: BounceSummary,
  bouncedAt: Date,
): Promise<void> {
  const addresses = [...new Set(bounce.relatedSites.map((site) => site.address.toLowerCase()))];
  if (addresses.length === 0) return;

  const newer = sql`excluded.last_bounced_at >= ${emailBounces.lastBouncedAt}`;
  await db
    .insert(emailBounces)
    .values(
      addresses.map((email) => ({
        email,
        bounceCount: 1,
        firstBouncedAt: bouncedAt,
        lastBouncedAt: bouncedAt,
        lastStatus: bounce.status,
        lastEmailId: emailId,
      })),
    )
    .onConflictDoUpdate({
      target: emailBounces.email,
      set: {
        bounceCount: sql`${emailBounces.bounceCount} + 1`,
        firstBouncedAt: sql`least(${emailBounces.firstBouncedAt}, excluded.first_bounced_at)`,
        lastBouncedAt: sql`greatest(${emailBounces.lastBouncedAt}, excluded.last_bounced_at)`,
        lastStatus: sql`case when ${newer} then excluded.last_status else ${emailBounces.lastStatus} end`,
        lastEmailId: sql`case when ${newer} then excluded.last_email_id else ${emailBounces.lastEmailId} end`,
      },
    });
}

/**
 * Deletes the bounce record of an address of a site, for a user who knows the address works
 * again; the address stays on the site. Records are kept per address, so the mark goes from
 * every site that holds it. Raises NotFoundError for an unknown site and ValidationError when
 * the site does not list the address; clearing an address without a record changes nothing.
 */
export async function clearEmailBounce(db: Executor, siteId: string, email: string) {
  const [site] = await db.select({ id: sites.id }).from(sites).where(eq(sites.id, siteId));
  if (!site) throw new NotFoundError('site', siteId, 'siteId');

  const [listed] = await db
    .select({ email: siteEmails.email })
    .from(siteEmails)
    .where(and(eq(siteEmails.siteId, siteId), eq(siteEmails.email, email)));
  if (!listed) {
    throw ValidationError.of(
      'email',
      email,
      'is not an address of the site; send one of the addresses in the emails list of the site',
    );
  }

  const cleared = await db
    .delete(emailBounces)
    .where(eq(emailBounces.email, email))
    .returning({ email: emailBounces.email });

  return cleared.length > 0;
}
