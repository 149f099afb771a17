import { createHash } from 'node:crypto';
import type { ParsedMessage } from '../types.js';
import { normalizeAddress } from './normalize.js';

export interface DedupeKey {
  messageId: string | null;
  /** Hex SHA-256 of the message content; see `messageFingerprint`. */
  fingerprint: string;
  /** Equal keys mean the same message: Message-ID and fingerprint, or the fingerprint alone. */
  key: string;
}

function normalizeBody(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .trimEnd();
}

/**
 * Hashes what identifies a message's content: the From address, Subject, date, decoded text body
 * (line ends and trailing blanks normalized) and the sorted attachment SHA-256 list (names where
 * only names are known). Transit headers (Received, Delivered-To, Return-Path, X-*) and mbox
 * From_ lines are left out, so two stored copies of one message hash the same.
 */
export function messageFingerprint(message: ParsedMessage): string {
  const attachments = message.attachments
    .map((file) => file.sha256 ?? `name:${file.filename}`)
    .sort();
  const content = JSON.stringify([
    normalizeAddress(message.from?.address) ?? message.from?.name ?? null,
    message.subject,
    message.date?.toISOString() ?? null,
    normalizeBody(message.text),
    attachments,
  ]);

  return createHash('sha256').update(content).digest('hex');
}

/**
 * Builds the key that makes re-imports idempotent. A message is a duplicate when its Message-ID
 * and its fingerprint both equal those of an imported one, so the same Message-ID with other
 * content is another message. Without Message-ID the fingerprint alone is the key.
 */
export function dedupeKey(message: ParsedMessage): DedupeKey {
  const fingerprint = messageFingerprint(message);
  const key = message.messageId ? `${message.messageId} ${fingerprint}` : fingerprint;

  return { messageId: message.messageId, fingerprint, key };
}

/** Returns the thread root: the first id of References, else In-Reply-To, else the Message-ID. */
export function threadRootId(message: ParsedMessage): string | null {
  return message.references[0] ?? message.inReplyTo ?? message.messageId;
}
