import type { MailAddress, ParsedMessage } from '../types.js';
import { domainOf, normalizeAddress } from './normalize.js';

/** Partner sites and their email addresses, the shape the partner directory is exported in. */
export interface PartnerDirectory {
  /** The company's own domains: never partner addresses; mail from them is outgoing. */
  ownDomains: readonly string[];
  partners: readonly {
    id: string;
    name: string;
    sites: readonly { id: string; name: string; emails: readonly string[] }[];
  }[];
}

export interface SiteRef {
  partnerId: string;
  siteId: string;
}

/** Lookup tables built once from a directory: normalized address to sites, domain to partners. */
export interface AddressIndex {
  ownDomains: ReadonlySet<string>;
  sitesByAddress: ReadonlyMap<string, SiteRef[]>;
  partnersByDomain: ReadonlyMap<string, Set<string>>;
}

export type MatchStep = 'from' | 'reply_to' | 'cc' | 'to';
export type Direction = 'incoming' | 'outgoing';

export interface MatchCandidate extends SiteRef {
  address: string;
}

export type MatchResult =
  | { status: 'matched'; partnerId: string; siteId: string; via: MatchStep; address: string }
  | { status: 'ambiguous'; via: MatchStep; candidates: MatchCandidate[]; reason: string }
  | { status: 'unmatched'; reason: string; domainHints: string[] };

export function createAddressIndex(directory: PartnerDirectory): AddressIndex {
  const sitesByAddress = new Map<string, SiteRef[]>();
  const partnersByDomain = new Map<string, Set<string>>();

  for (const partner of directory.partners) {
    for (const site of partner.sites) {
      for (const email of site.emails) {
        const address = normalizeAddress(email);
        if (!address) continue;
        const sites = sitesByAddress.get(address) ?? [];
        sites.push({ partnerId: partner.id, siteId: site.id });
        sitesByAddress.set(address, sites);
        const partners = partnersByDomain.get(domainOf(address)) ?? new Set<string>();
        partnersByDomain.set(domainOf(address), partners.add(partner.id));
      }
    }
  }
  const ownDomains = new Set(directory.ownDomains.map((domain) => domain.trim().toLowerCase()));

  return { ownDomains, sitesByAddress, partnersByDomain };
}

/** Lists the sites holding an address, by exact normalized equality; own domains hold none. */
export function findSites(address: string | null | undefined, index: AddressIndex): SiteRef[] {
  const normalized = normalizeAddress(address);
  if (!normalized || index.ownDomains.has(domainOf(normalized))) return [];

  return index.sitesByAddress.get(normalized) ?? [];
}

export function messageDirection(message: ParsedMessage, index: AddressIndex): Direction {
  const from = normalizeAddress(message.from?.address);

  return from && index.ownDomains.has(domainOf(from)) ? 'outgoing' : 'incoming';
}

function stepsFor(message: ParsedMessage, direction: Direction): [MatchStep, MailAddress[]][] {
  if (direction === 'outgoing')
    return [
      ['to', message.to],
      ['cc', message.cc],
    ];

  return [
    ['from', message.from ? [message.from] : []],
    ['reply_to', message.replyTo],
    ['cc', message.cc],
  ];
}

function decideStep(via: MatchStep, candidates: MatchCandidate[]): MatchResult {
  const partners = [...new Set(candidates.map((candidate) => candidate.partnerId))];
  if (partners.length === 1) {
    const first = candidates[0]!;

    return {
      status: 'matched',
      partnerId: first.partnerId,
      siteId: first.siteId,
      via,
      address: first.address,
    };
  }
  const reason = `${via} addresses belong to ${partners.length} partners: ${partners.join(', ')}`;

  return { status: 'ambiguous', via, candidates, reason };
}

/**
 * Finds the partner site of a message by exact normalized address, never by substring or
 * domain. Incoming mail tries From, then Reply-To, then Cc; outgoing mail (From in an own
 * domain) tries To, then Cc. The first step that finds any partner decides: one partner is a
 * match, several are ambiguous. Sender, Return-Path and forwarded messages are never used.
 */
export function matchMessage(message: ParsedMessage, index: AddressIndex): MatchResult {
  const direction = messageDirection(message, index);
  const tried: string[] = [];

  for (const [via, addresses] of stepsFor(message, direction)) {
    const candidates: MatchCandidate[] = [];
    for (const entry of addresses) {
      const address = normalizeAddress(entry.address);
      if (!address || index.ownDomains.has(domainOf(address))) continue;
      tried.push(`${via} ${address}`);
      candidates.push(...findSites(address, index).map((site) => ({ ...site, address })));
    }
    if (candidates.length) return decideStep(via, candidates);
  }

  return unmatched(direction, tried, index);
}

function unmatched(direction: Direction, tried: string[], index: AddressIndex): MatchResult {
  const steps = direction === 'outgoing' ? 'To or Cc' : 'From, Reply-To or Cc';
  const reason = tried.length
    ? `no partner site has the address ${tried.join(', ')}`
    : `no ${steps} address outside the company's own domains`;
  const domains = tried.map((entry) => domainOf(entry.split(' ')[1]!));
  const domainHints = [
    ...new Set(domains.flatMap((domain) => [...(index.partnersByDomain.get(domain) ?? [])])),
  ];

  return { status: 'unmatched', reason, domainHints };
}
