import { Decimal } from 'decimal.js';
import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { builder } from './builder.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const WITH_OFFSET = /([zZ]|[+-]\d{2}:?\d{2})$/;

function rejectInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/**
 * Reads a literal's text. Taking one argument also keeps graphql-jit from warning that a
 * literal may contain variables.
 */
function literalText(ast: ValueNode): string {
  if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT)
    return ast.value;

  throw rejectInput(`expected a string literal, got ${ast.kind}`);
}

function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' && WITH_OFFSET.test(value) ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw rejectInput(
      `invalid DateTime "${String(value)}"; send ISO 8601 with an offset, such as 2026-03-29T09:00:00+03:00`,
    );
  }

  return date;
}

function parseDate(value: unknown): string {
  const text = String(value);
  const date = new Date(`${text}T00:00:00Z`);
  const valid =
    ISO_DATE.test(text) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
  if (!valid) throw rejectInput(`invalid Date "${text}"; send a calendar date as YYYY-MM-DD`);

  return text;
}

/**
 * Accepts decimal strings and whole JSON numbers. A JSON number with a fraction is rejected,
 * because JSON parsing may already have rounded it (99999999999999.99 arrives as ...98).
 */
function parseDecimal(value: unknown): string {
  const exactNumber = typeof value === 'number' && Number.isSafeInteger(value);
  if (typeof value === 'string' || exactNumber) {
    try {
      return new Decimal(value as string | number).toFixed();
    } catch {
      // reported below
    }
  }

  throw rejectInput(
    `invalid Decimal ${JSON.stringify(value)}; send the number as a string, such as "1250.50"`,
  );
}

builder.scalarType('DateTime', {
  description:
    'An instant as an ISO 8601 string with a time-zone offset, such as 2026-03-29T09:00:00+03:00.',
  serialize: (value) => (value instanceof Date ? value : new Date(String(value))).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(literalText(ast)),
});

builder.scalarType('Date', {
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (value) => String(value),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(literalText(ast)),
});

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** Keeps a numeric column's text, with its scale ("1500.00"), and writes other values in full. */
function serializeDecimal(value: unknown): string {
  if (typeof value === 'string' && PLAIN_DECIMAL.test(value)) return value;

  return new Decimal(value as Decimal.Value).toFixed();
}

builder.scalarType('Decimal', {
  description:
    'An exact decimal number as a string, such as "1250.50"; money is never a float. Stored amounts keep their scale, so 1500 lei reads "1500.00".',
  serialize: serializeDecimal,
  parseValue: parseDecimal,
  parseLiteral: (ast) => parseDecimal(literalText(ast)),
});
