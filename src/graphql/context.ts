import type { Logger } from 'pino';
import type { FileStore } from '../attachments/index.js';
import type { Database } from '../db/client.js';
import type { EventBus } from '../events/event-bus.js';
import type { PasswordCipher } from '../mail/outgoing/password-cipher.js';

export type Role = 'ADMIN' | 'MANAGER' | 'AGENT';

/** The authenticated caller of a request. */
export interface Viewer {
  userId: string;
  role: Role;
  /** The employee record linked to the user, if any. */
  employeeId: string | null;
  tokenId: string;
}

export interface AppServices {
  db: Database;
  events: EventBus;
  /** Encrypts and decrypts stored mailbox passwords. */
  cipher: PasswordCipher;
  maxPageSize: number;
  /** The content-addressed store of attached files. */
  files: FileStore;
}

export interface Context extends AppServices {
  viewer: Viewer | null;
  requestId: string;
  log: Logger;
}
