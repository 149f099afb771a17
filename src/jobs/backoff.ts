import type { RetryPolicy } from './job-queue.js';

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 10_000,
  maxDelayMs: 3_600_000,
};

/**
 * Computes the delay in milliseconds before retry number `retry` (1 = the first retry): the
 * initial delay doubled per retry and capped at the maximum, of which the upper half is random
 * ("equal jitter"), so jobs that failed together do not retry together.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random = Math.random): number {
  const exponential = policy.initialDelayMs * 2 ** Math.max(0, retry - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);

  return Math.round(capped / 2 + (capped / 2) * random());
}
