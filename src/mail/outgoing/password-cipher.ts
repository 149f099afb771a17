import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { moduleLogger } from '../../logger.js';

const log = moduleLogger('secrets');
const FORMAT = 'v1';

/** Encrypts stored mailbox passwords with AES-256-GCM. */
export interface PasswordCipher {
  encrypt(plain: string): string;
  /** Throws when the text was altered or encrypted under another CRM_SECRET. */
  decrypt(stored: string): string;
}

/** Creates the cipher with a key derived from CRM_SECRET by HKDF-SHA256. */
export function createPasswordCipher(secret: string): PasswordCipher {
  const key = Buffer.from(hkdfSync('sha256', secret, 'crm', 'mailbox passwords aes-256-gcm', 32));

  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const encrypted = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), encrypted].map((part) => part.toString('base64url'));

      return [FORMAT, ...parts].join('.');
    },
    decrypt(stored) {
      const [format, iv, tag, encrypted] = stored.split('.');
      if (format !== FORMAT || !iv || !tag || encrypted === undefined) {
        throw new Error('stored password has an unknown format');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));

      return Buffer.concat([
        decipher.update(Buffer.from(encrypted, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}

/**
 * Returns CRM_SECRET, or else the secret kept in `DATA_DIR/crm-secret`, generating that file
 * (mode 0600) on first use. Every api and worker process must see the same secret, so without
 * CRM_SECRET they must share DATA_DIR.
 */
export async function resolveCrmSecret(config: {
  CRM_SECRET?: string | undefined;
  DATA_DIR: string;
}): Promise<string> {
  if (config.CRM_SECRET) return config.CRM_SECRET;

  const path = join(config.DATA_DIR, 'crm-secret');
  await mkdir(config.DATA_DIR, { recursive: true });
  try {
    await writeFile(path, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    log.warn({ path }, 'generated a CRM secret; set CRM_SECRET in production and keep it safe');
  } catch (error) {
    // Another process created it first, or it exists from an earlier run.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (((await stat(path)).mode & 0o077) !== 0) {
    log.warn({ path }, 'the CRM secret file is readable by other users; chmod 600 it');
  }

  return (await readFile(path, 'utf8')).trim();
}
