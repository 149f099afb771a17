/**
 * Expected failures. Each carries a stable code; the GraphQL layer turns them into typed
 * union members for mutations and coded GraphQL errors elsewhere. Anything else is masked.
 */
export type ErrorCode = 'VALIDATION' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHENTICATED';

const EXPECTED = Symbol.for('crm.expected-error');

export abstract class CrmError extends Error {
  abstract readonly code: ErrorCode;
  readonly [EXPECTED] = true;
}

/**
 * Finds the expected failure behind an error, following `originalError` links. A brand is
 * checked instead of `instanceof` because test runners may load this module twice.
 */
export function findCrmError(error: unknown): CrmError | null {
  let current = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    if ((current as Record<symbol, unknown>)[EXPECTED] === true) return current as CrmError;
    current = (current as { originalError?: unknown }).originalError;
  }

  return null;
}

export interface FieldIssue {
  /** Input path, such as `input.sites.0.emails.1`. */
  field: string;
  /** The rejected value as the client sent it, shortened for display; null for a password. */
  value: string | null;
  /** Description of the problem and of the value to send instead. */
  message: string;
}

export class ValidationError extends CrmError {
  readonly code = 'VALIDATION';
  readonly issues: FieldIssue[];

  constructor(issues: FieldIssue[]) {
    super(issues.map((issue) => `${issue.field}: ${issue.message}`).join('; '));
    this.issues = issues;
  }

  static of(field: string, value: unknown, message: string): ValidationError {
    return new ValidationError([{ field, value: displayValue(value), message }]);
  }
}

export class NotFoundError extends CrmError {
  readonly code = 'NOT_FOUND';

  constructor(
    readonly entity: string,
    readonly id: string,
    readonly field = 'id',
  ) {
    super(`${field}: no ${entity} has id "${id}"; check the id, or find the ${entity} in its list`);
  }
}

export class ConflictError extends CrmError {
  readonly code = 'CONFLICT';

  constructor(
    readonly field: string,
    readonly value: string | null,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export class ForbiddenError extends CrmError {
  readonly code = 'FORBIDDEN';

  constructor(
    readonly action: string,
    reason: string,
  ) {
    super(`${action} is not allowed: ${reason}`);
  }
}

export class UnauthenticatedError extends CrmError {
  readonly code = 'UNAUTHENTICATED';

  constructor(message = 'missing or invalid bearer token; log in to get a session token') {
    super(message);
  }
}

/** Renders a rejected value for an error message, at most 80 characters. */
export function displayValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;

  let text: string;
  if (typeof value === 'string') text = value;
  else if (value instanceof Date && !Number.isNaN(value.getTime())) text = value.toISOString();
  else text = JSON.stringify(value);

  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
