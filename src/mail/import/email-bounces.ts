import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
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
