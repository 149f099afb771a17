import { Decimal } from 'decimal.js';
import { z } from 'zod';

/** The largest amount a numeric(18, 2) column holds. */
const MAX_AMOUNT = new Decimal('9999999999999999.99');

function decimalPlaces(value: string): number {
  return new Decimal(value).decimalPlaces();
}

/** A money amount of at most 2 decimals, zero or more, as the Decimal scalar passes it. */
export const moneyAmount = z
  .string()
  .refine(
    (value) => !new Decimal(value).isNegative(),
    'must not be negative; send zero or a positive amount such as "1250.50"',
  )
  .refine((value) => decimalPlaces(value) <= 2, 'must have at most 2 decimals, such as "1250.50"')
  .refine((value) => new Decimal(value).lte(MAX_AMOUNT), `must be at most ${MAX_AMOUNT.toFixed()}`);

/** A stage potential in percent of the opportunity value. */
export const potentialPercent = z
  .string()
  .refine(
    (value) => new Decimal(value).gte(0) && new Decimal(value).lte(100),
    'must be between 0 and 100 percent, such as "30"',
  )
  .refine((value) => decimalPlaces(value) <= 2, 'must have at most 2 decimals, such as "12.5"');

export const probabilityPercent = z
  .number()
  .int()
  .min(0, 'must be between 0 and 100 percent')
  .max(100, 'must be between 0 and 100 percent');
