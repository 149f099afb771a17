import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { PasswordCipher } from './password-cipher.js';
import { smtpServers, userMailboxes } from './tables.js';

export type MailboxRow = typeof userMailboxes.$inferSelect;

export interface MailboxInput {
  smtpServerId: string;
  emailAddress: string;
  username: string;
  /** Undefined keeps the stored password; required for a user's first mailbox. */
  password?: string | undefined;
}

export async function getMailbox(db: Database, userId: string): Promise<MailboxRow | null> {
  const [row] = await db.select().from(userMailboxes).where(eq(userMailboxes.userId, userId));

  return row ?? null;
}

/** Creates or replaces the user's mailbox; the password is stored encrypted. */
export async function saveMailbox(
  db: Database,
  cipher: PasswordCipher,
  userId: string,
  input: MailboxInput,
): Promise<MailboxRow> {
  return db.transaction(async (tx) => {
    const [server] = await tx
      .select({ id: smtpServers.id })
      .from(smtpServers)
      .where(eq(smtpServers.id, input.smtpServerId));
    if (!server) throw new NotFoundError('SMTP server', input.smtpServerId, 'input.smtpServerId');

    const [existing] = await tx
      .select()
      .from(userMailboxes)
      .where(eq(userMailboxes.userId, userId))
      .for('update');
    if (!existing && input.password === undefined) {
      throw ValidationError.of(
        'input.password',
        null,
        'is required when saving your first mailbox',
      );
    }
    const values = {
      smtpServerId: input.smtpServerId,
      emailAddress: input.emailAddress,
      username: input.username,
      passwordEncrypted:
        input.password === undefined ? existing!.passwordEncrypted : cipher.encrypt(input.password),
      updatedAt: new Date(),
    };
    const [row] = await tx
      .insert(userMailboxes)
      .values({ userId, ...values })
      .onConflictDoUpdate({ target: userMailboxes.userId, set: values })
      .returning();

    return row!;
  });
}
