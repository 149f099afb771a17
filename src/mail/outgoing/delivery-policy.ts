/** Limits of outgoing email delivery. */
export interface EmailDeliveryPolicy {
  /** Sending attempts before a temporarily failing email is marked FAILED; default 8. */
  maxAttempts: number;
  /** Delay before the second attempt in milliseconds, doubled per attempt; default 60 000. */
  initialDelayMs: number;
  /** Upper bound of the delay between attempts in milliseconds; default 3 600 000. */
  maxDelayMs: number;
  /** Milliseconds for connecting to the server and for each of its replies; default 30 000. */
  timeoutMs: number;
}

export const DEFAULT_EMAIL_DELIVERY: EmailDeliveryPolicy = {
  maxAttempts: 8,
  initialDelayMs: 60_000,
  maxDelayMs: 3_600_000,
  timeoutMs: 30_000,
};
