import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { PasswordCipher } from '../outgoing/password-cipher.js';
import { isUniqueViolation } from '../outgoing/unique-violation.js';
import { ImapError, type ImapLogin } from './imap-session.js';
import { imapMailboxes } from './tables.js';

export type ImapMailboxRow = typeof imapMailboxes.$inferSelect;

export interface ImapMailboxInput {
  name: string;
  host: string;
  port: number;
  security: ImapMailboxRow['security'];
  username: string;
  /** Undefined keeps the stored password; required when creating. */
  password?: string | undefined;
  folder: string;
  enabled: boolean;
}

export function listImapMailboxes(db: Executor): Promise<ImapMailboxRow[]> {
  return db.select().from(imapMailboxes).orderBy(asc(imapMailboxes.name), asc(imapMailboxes.id));
}

export async function getImapMailbox(db: Executor, id: string, field = 'id') {
  const [row] = await db.select().from(imapMailboxes).where(eq(imapMailboxes.id, id));
  if (!row) throw new NotFoundError('IMAP mailbox', id, field);

  return row;
}

async function withUniqueName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error, 'imap_mailboxes_name_unique')) throw error;
    throw new ConflictError(
      'input.name',
      name,
      'another IMAP mailbox has this name; choose another name',
    );
  }
}

function columnsOf(input: ImapMailboxInput, cipher: PasswordCipher) {
  const { password, ...rest } = input;

  return password === undefined ? rest : { ...rest, passwordEncrypted: cipher.encrypt(password) };
}

/** Creates a mailbox; its password is stored encrypted with the CRM secret. */
export async function createImapMailbox(
  db: Executor,
  cipher: PasswordCipher,
  input: ImapMailboxInput & { password: string },
): Promise<ImapMailboxRow> {
  const [row] = await withUniqueName(input.name, () =>
    db
      .insert(imapMailboxes)
      .values({ ...columnsOf(input, cipher), passwordEncrypted: cipher.encrypt(input.password) })
      .returning(),
  );

  return row!;
}

/** Replaces a mailbox's settings; an absent password keeps the stored one. */
export async function updateImapMailbox(
  db: Executor,
  cipher: PasswordCipher,
  id: string,
  input: ImapMailboxInput,
): Promise<ImapMailboxRow> {
  const [row] = await withUniqueName(input.name, () =>
    db
      .update(imapMailboxes)
      .set({ ...columnsOf(input, cipher), updatedAt: new Date() })
      .where(eq(imapMailboxes.id, id))
      .returning(),
  );
  if (!row) throw new NotFoundError('IMAP mailbox', id, 'id');

  return row;
}

/** Builds the login of a mailbox; raises ImapError when the stored password cannot be read. */
export function loginOf(mailbox: ImapMailboxRow, cipher: PasswordCipher): ImapLogin {
  let password: string;
  try {
    password = cipher.decrypt(mailbox.passwordEncrypted);
  } catch (error) {
    throw new ImapError(
      'PASSWORD_UNREADABLE',
      'the stored password cannot be decrypted (CRM_SECRET changed?); save the password again',
      { cause: error },
    );
  }
  const { host, port, security, username } = mailbox;

  return { host, port, security, username, password };
}
