/** True for PostgreSQL's unique_violation (23505), optionally on one constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  let current = error;
  for (let depth = 0; depth < 3 && current && typeof current === 'object'; depth += 1) {
    const fields = current as { code?: unknown; constraint_name?: unknown; cause?: unknown };
    if (fields.code === '23505') {
      return constraint === undefined || fields.constraint_name === constraint;
    }
    current = fields.cause;
  }

  return false;
}
