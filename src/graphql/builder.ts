import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { ForbiddenError, UnauthenticatedError, ValidationError, displayValue } from '../errors.js';
import type { Context } from './context.js';
import { parseGlobalId, resolveNodeOrNull, resolveNodesOrNull } from './node-lookup.js';

export interface BuilderTypes {
  Context: Context;
  AuthScopes: { authenticated: boolean; manager: boolean; admin: boolean };
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    Date: { Input: string; Output: string };
    Decimal: { Input: string; Output: string };
    /** An uploaded file from a GraphQL multipart request; input only. */
    File: { Input: File; Output: never };
  };
  DefaultInputFieldRequiredness: true;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}

export const builder = new SchemaBuilder<BuilderTypes>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, ValidationPlugin, RelayPlugin, DataloaderPlugin],
  defaultInputFieldRequiredness: true,
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({
      authenticated: context.viewer !== null,
      manager: context.viewer?.role === 'MANAGER' || context.viewer?.role === 'ADMIN',
      admin: context.viewer?.role === 'ADMIN',
    }),
    unauthorizedError: (_parent, context, info) =>
      context.viewer
        ? new ForbiddenError(info.fieldName, `the ${context.viewer.role} role may not use it`)
        : new UnauthenticatedError(),
  },
  validation: {
    validationError: (result, args) =>
      new ValidationError(
        result.issues.map((issue) => {
          const path = (issue.path ?? []).map((segment) =>
            typeof segment === 'object' ? segment.key : segment,
          );

          return {
            field: path.join('.'),
            value: isSecret(path) ? null : displayValue(valueAt(args, path)),
            message: issue.message,
          };
        }),
      ),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    decodeGlobalID: parseGlobalId,
    nodeQueryOptions: {
      resolve: (_root, args, _context, info, load) => resolveNodeOrNull(args.id, info, load),
    },
    nodesQueryOptions: {
      resolve: (_root, args, _context, info, load) => resolveNodesOrNull(args.ids, info, load),
    },
  },
  // Validation runs before authorization, so invalid input is reported even to callers who would
  // be rejected. That reveals only the rules that the published schema already states.
  errors: { defaultTypes: [], unsafelyHandleInputErrors: true },
});

builder.queryType({ authScopes: { authenticated: true } });
builder.mutationType({ authScopes: { authenticated: true } });

/** Input fields whose rejected value is not sent back, because it is a secret. */
const SECRET_FIELDS = new Set<PropertyKey>(['password']);

function isSecret(path: PropertyKey[]): boolean {
  return SECRET_FIELDS.has(path.at(-1) ?? '');
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }

  return current;
}
