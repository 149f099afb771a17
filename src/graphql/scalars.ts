import { Decimal } from 'decimal.js';
import { GraphQLError } from 'graphql';
import { builder } from './builder.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

builder.scalarType('DateTime', {
  description:
    'An instant as an ISO 8601 string with a time-zone offset, such as 2026-03-29T09:00:00+03:00.',
  serialize: (value) => (value instanceof Date ? value : new Date(String(value))).toISOString(),
  parseValue: (value) => {
    const date =
      typeof value === 'string' && /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime())) {
      throw new GraphQLError(
        `invalid DateTime "${String(value)}"; send ISO 8601 with an offset, such as 2026-03-29T09:00:00+03:00`,
        { extensions: { code: 'BAD_USER_INPUT' } },
      );
    }

    return date;
  },
});

builder.scalarType('Date', {
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (value) => String(value),
  parseValue: (value) => {
    const text = String(value);
    const date = new Date(`${text}T00:00:00Z`);
    if (
      !ISO_DATE.test(text) ||
      Number.isNaN(date.getTime()) ||
      !date.toISOString().startsWith(text)
    ) {
      throw new GraphQLError(`invalid Date "${text}"; send a calendar date as YYYY-MM-DD`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }

    return text;
  },
});

builder.scalarType('Decimal', {
  description: 'An exact decimal number as a string, such as "1250.50"; money is never a float.',
  serialize: (value) => new Decimal(value).toFixed(),
  parseValue: (value) => {
    try {
      if (typeof value !== 'string' && typeof value !== 'number') throw new Error('not a number');

      return new Decimal(value).toFixed();
    } catch {
      throw new GraphQLError(
        `invalid Decimal "${String(value)}"; send a number as a string, such as "1250.50"`,
        {
          extensions: { code: 'BAD_USER_INPUT' },
        },
      );
    }
  },
});
