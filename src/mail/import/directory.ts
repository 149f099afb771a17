import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { siteEmails } from '../../partners/tables.js';
import { readBounceReport } from '../analyze/classify.js';
import type { AddressIndex, PartnerDirectory } from '../analyze/match.js';
import { createAddressIndex } from '../analyze/match.js';
import { normalizeAddress } from '../analyze/normalize.js';
import type { ParsedMessage } from '../types.js';

/** Returns every normalized address matching may look up: the headers and bounced recipients. */
export function addressesOf(message: ParsedMessage): string[] {
  const entries = [message.from, ...message.replyTo, ...message.to, ...message.cc];
  const written = entries.map((entry) => entry?.address);
  const bounced = readBounceReport(message).failedRecipients;
  const normalized = [...written, ...bounced].map((address) => normalizeAddress(address));

  return [...new Set(normalized.filter((address): address is string => address !== null))];
}

/** Groups site address rows into the directory shape that `createAddressIndex` reads. */
function toDirectory(
  rows: { partnerId: string; siteId: string; email: string }[],
  ownDomains: readonly string[],
): PartnerDirectory {
  const partners = new Map<string, Map<string, string[]>>();
  for (const row of rows) {
    const sites = partners.get(row.partnerId) ?? new Map<string, string[]>();
    sites.set(row.siteId, [...(sites.get(row.siteId) ?? []), row.email]);
    partners.set(row.partnerId, sites);
  }

  return {
    ownDomains,
    partners: [...partners].map(([id, sites]) => ({
      id,
      name: id,
      sites: [...sites].map(([siteId, emails]) => ({ id: siteId, name: siteId, emails })),
    })),
  };
}

/**
 * Loads the part of the partner directory one message can match, in one statement: the sites
 * holding any of its addresses. Matching is by exact address only, so this index gives the same
 * result as the whole directory. With `domainHints`, sites sharing a domain with the message are
 * loaded too, so an unmatched message can name the partners of its domain; that lookup cannot
 * use an index, so only dry runs ask for it.
 */
export async function loadAddressIndex(
  db: Executor,
  message: ParsedMessage,
  ownDomains: readonly string[],
  options: { domainHints?: boolean } = {},
): Promise<AddressIndex> {
  const addresses = addressesOf(message);
  const domains = options.domainHints
    ? [...new Set(addresses.map((address) => address.slice(address.lastIndexOf('@') + 1)))]
    : [];
  const exactMatch = sql`${siteEmails.email} = any(${sql.param(addresses)}::text[])`;
  // Even an always-false domain condition keeps PostgreSQL off the address index.
  const condition =
    domains.length === 0
      ? exactMatch
      : sql`${exactMatch} or split_part(${siteEmails.email}, '@', 2) = any(${sql.param(domains)}::text[])`;
  const rows =
    addresses.length === 0
      ? []
      : await db
          .select({
            partnerId: siteEmails.partnerId,
            siteId: siteEmails.siteId,
            email: siteEmails.email,
          })
          .from(siteEmails)
          .where(condition)
          .orderBy(siteEmails.partnerId, siteEmails.siteId, siteEmails.position);

  return createAddressIndex(toDirectory(rows, ownDomains));
}
