/** How to reach and log in to an IMAP server. */
export interface ImapLogin {
  host: string;
  port: number;
  /** NONE is cleartext (loopback or trusted networks only), STARTTLS upgrades, TLS is implicit. */
  security: 'NONE' | 'STARTTLS' | 'TLS';
  username: string;
  password: string;
  /** Milliseconds to wait for the connection, the greeting and each reply; default 30 000. */
  timeoutMs?: number;
}

/** The selected folder as the server reports it. */
export interface FolderStatus {
  /** UIDVALIDITY: when it changes, every UID of the folder was renumbered. */
  uidValidity: number;
  uidNext: number;
  exists: number;
}

/** A message listed before download. */
export interface MessageSummary {
  uid: number;
  /** RFC822.SIZE in bytes, or null when the server did not send it. */
  size: number | null;
  internalDate: Date | null;
  /** Message-ID from the envelope, for logs; null when absent. */
  messageId: string | null;
}

/**
 * One logged-in IMAP connection. Implementations must finish a listing before another command
 * runs: `listMessagesAfter` returns only when the server's FETCH response is complete.
 */
export interface ImapSession {
  /** Opens a folder read-only, so importing never changes its flags. */
  openFolder(folder: string): Promise<FolderStatus>;
  /** Lists the messages of the open folder with a UID above `afterUid`, by ascending UID. */
  listMessagesAfter(afterUid: number): Promise<MessageSummary[]>;
  /** Downloads a message's raw source; null when it was expunged meanwhile. */
  downloadMessage(uid: number): Promise<Buffer | null>;
  /** Logs out, or drops a connection that is already broken. */
  close(): Promise<void>;
}

export type ImapConnector = (login: ImapLogin) => Promise<ImapSession>;

export type ImapProblem =
  | 'AUTHENTICATION_FAILED'
  | 'CONNECTION_FAILED'
  | 'TIMEOUT'
  | 'TLS_FAILED'
  | 'FOLDER_NOT_FOUND'
  | 'PASSWORD_UNREADABLE'
  | 'PROTOCOL_ERROR';

/** A failure of the IMAP server or the connection, classified for retries and for people. */
export class ImapError extends Error {
  override name = 'ImapError';

  constructor(
    readonly problem: ImapProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Whether a new connection may succeed where this one failed. */
  get retryable(): boolean {
    return this.problem === 'CONNECTION_FAILED' || this.problem === 'TIMEOUT';
  }
}
