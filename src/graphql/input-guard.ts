import type { Plugin } from '@envelop/core';
import { type DocumentNode, GraphQLError, Kind, visit } from 'graphql';

/** Maximum length of a string argument or variable, in characters. */
export const MAX_STRING_LENGTH = 100_000;

function problemOf(value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character (\\u0000); remove it';
  if (value.length > MAX_STRING_LENGTH) {
    return `is ${value.length} characters long, above the limit of ${MAX_STRING_LENGTH}; shorten it`;
  }

  return null;
}

function rejection(path: string, problem: string): GraphQLError {
  return new GraphQLError(`${path}: text ${problem}`, { extensions: { code: 'VALIDATION' } });
}

/** Finds the first string in a variables object that PostgreSQL could not store or is too long. */
function checkVariables(value: unknown, path: string): GraphQLError | null {
  if (typeof value === 'string') {
    const problem = problemOf(value);

    return problem ? rejection(path, problem) : null;
  }
  if (value === null || typeof value !== 'object') return null;
  // Uploaded files are objects too; their names are sanitized by the file store.
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return null;

  for (const [key, child] of Object.entries(value)) {
    const error = checkVariables(child, `${path}.${key}`);
    if (error) return error;
  }

  return null;
}

function checkLiterals(document: DocumentNode): GraphQLError | null {
  let found: GraphQLError | null = null;
  visit(document, {
    ObjectField(node) {
      if (found || node.value.kind !== Kind.STRING) return;
      const problem = problemOf(node.value.value);
      if (problem) found = rejection(node.name.value, problem);
    },
    Argument(node) {
      if (found || node.value.kind !== Kind.STRING) return;
      const problem = problemOf(node.value.value);
      if (problem) found = rejection(node.name.value, problem);
    },
    StringValue(node) {
      const problem = found ? null : problemOf(node.value);
      if (problem)
        found = rejection(`the string at line ${node.loc?.startToken.line ?? '?'}`, problem);
    },
  });

  return found;
}

/**
 * Rejects text that PostgreSQL cannot store (NUL characters) or that is unreasonably long,
 * before execution, so it never reaches SQL as an internal error.
 */
export function useInputGuard(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = checkVariables(args.variableValues ?? {}, '$') ?? checkLiterals(args.document);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = checkVariables(args.variableValues ?? {}, '$') ?? checkLiterals(args.document);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
