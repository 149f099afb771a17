import type { MailFailureCode } from './types.js';

/**
 * Bounds applied to untrusted mail. Every limit turns into either a warning on a parsed message
 * (oversized attachment, truncated body) or a `MailParseError` with a reason, never a crash.
 */
export interface ParseLimits {
  /** Largest raw message, in bytes. Default 64 MiB. */
  maxMessageBytes: number;
  /** Largest header block of one MIME node, in bytes. Default 256 KiB. */
  maxHeaderBytes: number;
  /**
   * Most MIME nodes in one message, multiparts included. Every nesting level is a node, so this
   * also bounds the nesting depth. Default 500.
   */
  maxParts: number;
  /** Largest attachment whose bytes are kept; larger ones keep size and SHA-256 only. 25 MiB. */
  maxAttachmentBytes: number;
  /** Maximum length of the plain-text body kept, in characters; the rest is cut with a warning. Default 1 M. */
  maxTextChars: number;
  /** Longest HTML body kept, in characters; a longer one is dropped with a warning. 5 M. */
  maxHtmlChars: number;
  /** How many message/rfc822 levels are parsed (a forward of a forward is 2). Default 3. */
  maxNestedMessageDepth: number;
}

export const DEFAULT_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxMessageBytes: 64 * 1024 * 1024,
  maxHeaderBytes: 256 * 1024,
  maxParts: 500,
  maxAttachmentBytes: 25 * 1024 * 1024,
  maxTextChars: 1_000_000,
  maxHtmlChars: 5_000_000,
  maxNestedMessageDepth: 3,
});

export function resolveLimits(overrides: Partial<ParseLimits> = {}): ParseLimits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

/** A message that cannot be turned into a `ParsedMessage`; `code` names the rule it broke. */
export class MailParseError extends Error {
  constructor(
    readonly code: MailFailureCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MailParseError';
  }
}
