import { randomUUID } from 'node:crypto';

/**
 * Creates a Message-ID (RFC 5322, with angle brackets) in the sender's domain. It is created
 * once, when the email is queued, and every attempt sends it unchanged.
 */
export function createMessageId(fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1) || 'crm.invalid';

  return `<${randomUUID()}@${domain}>`;
}
