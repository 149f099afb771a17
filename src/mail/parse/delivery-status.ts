import type { DeliveryStatusRecipient } from '../types.js';

function parseFieldBlock(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');

  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
  }

  return fields;
}

/** Strips the address-type prefix of a recipient field: `rfc822; a@b.example` gives the address. */
function addressOf(value: string | undefined): string | null {
  if (!value) return null;
  const semicolon = value.indexOf(';');
  const address = (semicolon < 0 ? value : value.slice(semicolon + 1)).trim();

  return address.replace(/^<|>$/g, '') || null;
}

/**
 * Reads the recipient blocks of a message/delivery-status body (RFC 3464): the first block
 * describes the reporting MTA, each later block with a Final-Recipient or Original-Recipient
 * field describes one recipient.
 */
export function parseDeliveryStatus(text: string): DeliveryStatusRecipient[] {
  const blocks = text.split(/\r?\n[ \t]*\r?\n/).map(parseFieldBlock);
  const recipients: DeliveryStatusRecipient[] = [];

  for (const fields of blocks) {
    const address =
      addressOf(fields.get('final-recipient')) ?? addressOf(fields.get('original-recipient'));
    if (!address) continue;

    recipients.push({
      address,
      action: fields.get('action')?.toLowerCase() ?? null,
      status: fields.get('status')?.split(/\s/)[0] ?? null,
      diagnosticCode: fields.get('diagnostic-code') ?? null,
    });
  }

  return recipients;
}
