import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../src/jobs/backoff.js';

const policy = { maxAttempts: 8, initialDelayMs: 1000, maxDelayMs: 10_000 };

describe('backoff delay', () => {
  it('doubles per retry with no jitter drawn', () => {
    const delays = [1, 2, 3, 4].map((retry) => backoffDelay(retry, policy, () => 1));

    expect(delays).toEqual([1000, 2000, 4000, 8000]);
  });

  it('caps the delay at the maximum', () => {
    expect(backoffDelay(10, policy, () => 1)).toBe(10_000);
  });

  it('keeps at least half the delay fixed', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(2000);
  });

  it('spreads delays between half and the full delay', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(2, policy));

    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(2000);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });
});
