/**
 * Zod schemas for the arguments of employee mutations, which report every invalid field at
 * once with its input path.
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { globalIdOf } from '../graphql/global-id.js';
import { boundedText, emailAddress, requiredText, TEXT_LIMITS } from '../validation/text.js';

/** Hours in a working day, stored as numeric(4, 2). */
const hoursPerDay = z
  .string()
  .refine(
    (value) => new Decimal(value).greaterThan(0) && new Decimal(value).lessThanOrEqualTo(24),
    'must be more than 0 and at most 24 hours',
  )
  .refine(
    (value) => new Decimal(value).decimalPlaces() <= 2,
    'must have at most 2 decimals, such as "7.5"',
  );

const employeeInput = z.object({
  name: requiredText(TEXT_LIMITS.name, 'send the full name, such as "Ana Popescu"'),
  email: emailAddress('ana@firma.ro').nullish(),
  phone: boundedText(TEXT_LIMITS.phone).nullish(),
  department: boundedText(TEXT_LIMITS.label).nullish(),
  hoursPerDay: hoursPerDay.nullish(),
});

export const createEmployeeArgs = z.object({ input: employeeInput });

export const updateEmployeeArgs = z.object({ id: globalIdOf('Employee'), input: employeeInput });
