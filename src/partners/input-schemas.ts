import { decodeGlobalID } from '@pothos/plugin-relay';
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { checkCounty } from './counties.js';
import { boundedText, emailAddress, requiredText, TEXT_LIMITS } from '../validation/text.js';
import { checkCui } from './cui.js';

/** Largest turnover that fits numeric(18, 2). */
const MAX_TURNOVER = new Decimal('9999999999999999.99');

export const nameSchema = requiredText(TEXT_LIMITS.name, 'send the name');

/** Builds a schema for trimmed text of at most `max` characters, with an empty string read as null. */
export function optionalText(max: number) {
  return boundedText(max)
    .trim()
    .transform((value) => (value === '' ? null : value));
}

export const cuiSchema = z.string().transform((value, context) => {
  const result = checkCui(value);
  if (result.problem === null) return result.cui;

  context.addIssue({ code: 'custom', message: result.problem });

  return z.NEVER;
});

export const countySchema = z.string().transform((value, context) => {
  const result = checkCounty(value);
  if (result.problem === null) return result.code;

  context.addIssue({ code: 'custom', message: result.problem });

  return z.NEVER;
});

export const turnoverSchema = z.string().superRefine((value, context) => {
  const amount = new Decimal(value);
  if (amount.isNegative()) {
    context.addIssue({ code: 'custom', message: 'must be zero or more, such as "1250000.00"' });
  } else if (amount.decimalPlaces() > 2) {
    context.addIssue({
      code: 'custom',
      message: 'must have at most 2 decimal places, such as "1250000.50"',
    });
  } else if (amount.greaterThan(MAX_TURNOVER)) {
    context.addIssue({ code: 'custom', message: `must be at most ${MAX_TURNOVER.toFixed()}` });
  }
});

export const employeeCountSchema = z
  .number()
  .int()
  .min(0, 'must be zero or more; send the number of employees, such as 25');

export const emailSchema = emailAddress('office@firma.ro');

/** A site's addresses, normalized. An address listed twice is reported at its second index. */
export const siteEmailsSchema = z.array(emailSchema).pipe(
  z.array(z.string()).superRefine((emails, context) => {
    emails.forEach((email, index) => {
      if (emails.indexOf(email) === index) return;

      context.addIssue({
        code: 'custom',
        path: [index],
        message: `duplicate email ${email} on this site; list each address once`,
      });
    });
  }),
);

/** Names such as competitors or activities, trimmed and none empty. */
export const textListSchema = z.array(requiredText(TEXT_LIMITS.name, 'remove the empty entry'));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Builds a schema that parses the Relay global ID of a `typename` node to its uuid. */
export function nodeIdSchema(typename: string) {
  return z.string().transform((value, context) => {
    const id = uuidOf(value, typename);
    if (id) return id;

    context.addIssue({
      code: 'custom',
      message: `must be the id of a ${typename}, as its id field returns it`,
    });

    return z.NEVER;
  });
}

function uuidOf(globalId: string, typename: string): string | null {
  try {
    const decoded = decodeGlobalID(globalId);

    return decoded.typename === typename && UUID.test(decoded.id) ? decoded.id : null;
  } catch {
    return null;
  }
}
