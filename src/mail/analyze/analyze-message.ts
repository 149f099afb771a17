import type { ParsedMessage } from '../types.js';
import type { BounceReport, Classification } from './classify.js';
import { classifyMessage, readBounceReport } from './classify.js';
import type { DedupeKey } from './dedupe.js';
import { dedupeKey, threadRootId } from './dedupe.js';
import type { AddressIndex, Direction, MatchCandidate, MatchResult } from './match.js';
import { findSites, matchMessage, messageDirection } from './match.js';

export interface BounceAnalysis extends BounceReport {
  /** Partner sites holding a failed recipient, so their address can be flagged as bouncing. */
  relatedSites: MatchCandidate[];
}

/** Everything the importer decides about one message before it touches the database. */
export interface MessageAnalysis {
  classification: Classification;
  direction: Direction;
  match: MatchResult;
  bounce: BounceAnalysis | null;
  /** Bounces and automatic replies never create a task; duplicates are the importer's check. */
  taskExpected: boolean;
  dedupe: DedupeKey;
  threadRootId: string | null;
}

function analyzeBounce(message: ParsedMessage, index: AddressIndex): BounceAnalysis {
  const report = readBounceReport(message);
  const relatedSites = report.failedRecipients.flatMap((address) =>
    findSites(address, index).map((site) => ({ ...site, address: address.toLowerCase() })),
  );

  return { ...report, relatedSites };
}

/**
 * Classifies a message, resolves its partner and builds its dedupe key. A bounce is not matched
 * by its sender (a mail server); its failed recipients are resolved instead. An automatic reply
 * is still matched, for the log, but creates no task.
 */
export function analyzeMessage(message: ParsedMessage, index: AddressIndex): MessageAnalysis {
  const classification = classifyMessage(message);
  const isBounce = classification.kind === 'bounce';
  const match: MatchResult = isBounce
    ? {
        status: 'unmatched',
        reason: 'a bounce is matched by its failed recipients, not its sender',
        domainHints: [],
      }
    : matchMessage(message, index);

  return {
    classification,
    direction: messageDirection(message, index),
    match,
    bounce: isBounce ? analyzeBounce(message, index) : null,
    taskExpected: classification.kind === 'normal' || classification.kind === 'calendar_invite',
    dedupe: dedupeKey(message),
    threadRootId: threadRootId(message),
  };
}
