import type { MailAddress, ParsedMessage } from '../types.js';

function formatAddress(address: MailAddress): string {
  if (address.name && address.address) return `${address.name} <${address.address}>`;

  return address.address ?? address.name ?? '';
}

/**
 * Renders an inline forwarded message (message/rfc822 shown inline) as text to append to the
 * body, with the forwarded header lines first, the way mail clients display it.
 */
export function forwardedBlock(message: ParsedMessage): string {
  const lines = ['', '', '---------- Forwarded message ----------'];
  if (message.from) lines.push(`From: ${formatAddress(message.from)}`);
  if (message.date) lines.push(`Date: ${message.date.toISOString()}`);
  if (message.subject) lines.push(`Subject: ${message.subject}`);
  if (message.to.length) lines.push(`To: ${message.to.map(formatAddress).join(', ')}`);

  return `${lines.join('\n')}\n\n${message.text}`;
}
