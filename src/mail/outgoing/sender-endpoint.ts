import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { PasswordCipher } from './password-cipher.js';
import type { EmailLogRow } from './queue-email.js';
import type { SmtpEndpoint, SmtpOutcome } from './smtp-types.js';
import { smtpServers, userMailboxes } from './tables.js';

type Failure = Extract<SmtpOutcome, { errorCode: unknown }>;

function failure(answer: string): Failure {
  return { kind: 'PERMANENT', answer, responseCode: null, errorCode: null };
}

/**
 * Finds the server and login that send an email: the sender's current mailbox, or for system
 * emails the server chosen at queueing with its system login. Returns a permanent failure when
 * they are gone or the stored password cannot be decrypted.
 */
export async function loadSenderEndpoint(
  tx: Executor,
  email: EmailLogRow,
  cipher: PasswordCipher,
  timeoutMs: number,
): Promise<SmtpEndpoint | Failure> {
  if (email.senderUserId) {
    const [row] = await tx
      .select({ mailbox: userMailboxes, server: smtpServers })
      .from(userMailboxes)
      .innerJoin(smtpServers, eq(smtpServers.id, userMailboxes.smtpServerId))
      .where(eq(userMailboxes.userId, email.senderUserId));
    if (!row) return failure('the sender no longer has a mailbox; they can save one and resend');

    const pass = decryptOrNull(cipher, row.mailbox.passwordEncrypted);
    if (pass === null) return failure(UNREADABLE_PASSWORD);

    return { ...serverAddress(row.server), auth: { user: row.mailbox.username, pass }, timeoutMs };
  }

  const [server] = email.smtpServerId
    ? await tx.select().from(smtpServers).where(eq(smtpServers.id, email.smtpServerId))
    : [];
  if (!server) return failure('the SMTP server of this email was deleted');
  if (!server.username || !server.passwordEncrypted) {
    return { ...serverAddress(server), auth: null, timeoutMs };
  }

  const pass = decryptOrNull(cipher, server.passwordEncrypted);
  if (pass === null) return failure(UNREADABLE_PASSWORD);

  return { ...serverAddress(server), auth: { user: server.username, pass }, timeoutMs };
}

const UNREADABLE_PASSWORD =
  'the stored password cannot be decrypted, probably because CRM_SECRET changed; save it again';

function serverAddress(server: typeof smtpServers.$inferSelect) {
  return { host: server.host, port: server.port, security: server.security };
}

function decryptOrNull(cipher: PasswordCipher, stored: string): string | null {
  try {
    return cipher.decrypt(stored);
  } catch {
    return null;
  }
}
