/**
 * Email import core: parsing, file readers, classification, dedupe keys and partner matching.
 * Pure modules with no database; jobs, IMAP and GraphQL import from here only.
 */
export type {
  CalendarEvent,
  DateSource,
  DeliveryStatusRecipient,
  MailAddress,
  MailAttachment,
  MailFailureCode,
  MessageFormat,
  NestedMessage,
  ParsedMessage,
  ReadResult,
} from './types.js';
export { DEFAULT_LIMITS, MailParseError, resolveLimits } from './limits.js';
export type { ParseLimits } from './limits.js';

export { parseMessage } from './parse/parse-message.js';
export type { EnvelopeDate, ParseOptions } from './parse/parse-message.js';
export { fallbackFilename, sanitizeFilename } from './parse/filename.js';
export { COMPANY_TIME_ZONE } from './parse/dates.js';

export { detectFormat, readMailFile, readMailSource } from './readers/read-source.js';
export type { ReadOptions } from './readers/read-source.js';
export { readEml, readMbox } from './readers/read-messages.js';
export { readOutlookText } from './readers/read-outlook-text.js';
export { readThunderbirdText } from './readers/read-thunderbird-text.js';
export type { TextExportOptions } from './readers/text-export.js';

export { classifyMessage, readBounceReport } from './analyze/classify.js';
export type { BounceReport, Classification, MessageKind } from './analyze/classify.js';
export { dedupeKey, messageFingerprint, threadRootId } from './analyze/dedupe.js';
export type { DedupeKey } from './analyze/dedupe.js';
export { createAddressIndex, findSites, matchMessage, messageDirection } from './analyze/match.js';
export type {
  AddressIndex,
  Direction,
  MatchCandidate,
  MatchResult,
  MatchStep,
  PartnerDirectory,
  SiteRef,
} from './analyze/match.js';
export { normalizeAddress, normalizeRomanian } from './analyze/normalize.js';
export { analyzeMessage } from './analyze/analyze-message.js';
export type { BounceAnalysis, MessageAnalysis } from './analyze/analyze-message.js';
export { describeMessage } from './describe.js';
export type { DescribeOptions } from './describe.js';
