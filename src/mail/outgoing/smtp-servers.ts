import { asc, eq, ne } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { PasswordCipher } from './password-cipher.js';
import type { SmtpSecurity } from './smtp-types.js';
import { smtpServers } from './tables.js';
import { isUniqueViolation } from './unique-violation.js';

export type SmtpServerRow = typeof smtpServers.$inferSelect;

export interface SmtpServerInput {
  name: string;
  host: string;
  port: number;
  security: SmtpSecurity;
  senderAddress: string;
  /** Login for system emails; null removes it (with its password). */
  username: string | null;
  /** Password of that login; undefined keeps the stored one. */
  password?: string | undefined;
  isDefault: boolean;
}

export function listSmtpServers(db: Database): Promise<SmtpServerRow[]> {
  return db.select().from(smtpServers).orderBy(asc(smtpServers.name));
}

/** Creates a server; marking it default takes the mark from the previous default. */
export function createSmtpServer(db: Database, cipher: PasswordCipher, input: SmtpServerInput) {
  return db.transaction(async (tx) => {
    if (input.isDefault)
      await tx.update(smtpServers).set({ isDefault: false }).where(eq(smtpServers.isDefault, true));
    const [row] = await insertOrConflict(input.name, () =>
      tx.insert(smtpServers).values(toColumns(input, cipher)).returning(),
    );

    return row!;
  });
}

export function updateSmtpServer(
  db: Database,
  cipher: PasswordCipher,
  id: string,
  input: SmtpServerInput,
) {
  return db.transaction(async (tx) => {
    if (input.isDefault) {
      await tx.update(smtpServers).set({ isDefault: false }).where(ne(smtpServers.id, id));
    }
    const [row] = await insertOrConflict(input.name, () =>
      tx
        .update(smtpServers)
        .set({ ...toColumns(input, cipher), updatedAt: new Date() })
        .where(eq(smtpServers.id, id))
        .returning(),
    );
    if (!row) throw new NotFoundError('SMTP server', id);

    return row;
  });
}

function toColumns(input: SmtpServerInput, cipher: PasswordCipher) {
  const login =
    input.username === null
      ? { username: null, passwordEncrypted: null }
      : {
          username: input.username,
          ...(input.password === undefined
            ? {}
            : { passwordEncrypted: cipher.encrypt(input.password) }),
        };

  return {
    name: input.name,
    host: input.host,
    port: input.port,
    security: input.security,
    senderAddress: input.senderAddress,
    isDefault: input.isDefault,
    ...login,
  };
}

async function insertOrConflict<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, 'smtp_servers_name_unique')) {
      throw new ConflictError(
        'input.name',
        name,
        'another SMTP server has this name; choose another',
      );
    }
    throw error;
  }
}
