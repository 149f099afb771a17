import type { importedEmails } from './tables.js';

/** Where a message was read: a message of a file, or a UID of an IMAP folder. */
export type MessageSource =
  | {
      kind: 'FILE';
      /** The file as it was named when read; it may be moved afterwards. */
      path: string;
      /** Hex SHA-256 of the whole file, which identifies it wherever it is moved. */
      fileSha256: string;
      /** Position of the message in the file, from 0. */
      index: number;
    }
  | { kind: 'IMAP'; mailboxId: string; folder: string; uidValidity: number; uid: number };

/**
 * Returns the key that makes a source recorded once: the same file content and index, or the
 * same mailbox, folder, UIDVALIDITY and UID.
 */
export function sourceKeyOf(source: MessageSource): string {
  return source.kind === 'FILE'
    ? `file:${source.fileSha256}#${source.index}`
    : `imap:${source.mailboxId}:${source.folder}:${source.uidValidity}:${source.uid}`;
}

/** Returns the source columns of an imported email row. */
export function sourceColumns(
  source: MessageSource,
): Pick<
  typeof importedEmails.$inferInsert,
  | 'sourceKind'
  | 'sourceKey'
  | 'sourcePath'
  | 'sourceIndex'
  | 'mailboxId'
  | 'folder'
  | 'uidValidity'
  | 'uid'
> {
  const common = { sourceKind: source.kind, sourceKey: sourceKeyOf(source) };
  if (source.kind === 'FILE') {
    return { ...common, sourcePath: source.path, sourceIndex: source.index };
  }

  return {
    ...common,
    mailboxId: source.mailboxId,
    folder: source.folder,
    uidValidity: source.uidValidity,
    uid: source.uid,
  };
}

/** Names a source for logs and summaries, such as `inbox.mbox#2` or `INBOX uid 104`. */
export function describeSource(source: MessageSource): string {
  if (source.kind === 'FILE') {
    const name = source.path.split(/[\\/]/).pop() ?? source.path;

    return `${name}#${source.index}`;
  }

  return `${source.folder} uid ${source.uid}`;
}
