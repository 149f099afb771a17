import {
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from './pagination.js';

/** Default cap on the estimated number of objects one operation may return. */
export const DEFAULT_MAX_OBJECTS = 50_000;

/**
 * Creates a validation rule that estimates how many objects an operation can return and
 * rejects it above the cap. Each connection multiplies the cost of its selection by its
 * `first` or `last` argument. A size given as a variable counts as the maximum page size, and
 * an omitted size as the default page size.
 */
export function createPageCostRule(maxObjects: number, maxPageSize: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION)
        fragments.set(definition.name.value, definition);
    }

    const pageSize = (value: ValueNode | undefined): number => {
      if (!value) return 1;
      if (value.kind === Kind.INT) return Number(value.value);

      return value.kind === Kind.VARIABLE ? maxPageSize : DEFAULT_PAGE_SIZE;
    };

    const costOf = (selectionSet: SelectionSetNode | undefined, seen: Set<string>): number => {
      let total = 0;
      for (const selection of selectionSet?.selections ?? []) {
        if (selection.kind === Kind.FIELD) total += fieldCost(selection, seen);
        else if (selection.kind === Kind.INLINE_FRAGMENT)
          total += costOf(selection.selectionSet, seen);
        else if (!seen.has(selection.name.value)) {
          const fragment = fragments.get(selection.name.value);
          total += costOf(fragment?.selectionSet, new Set([...seen, selection.name.value]));
        }
      }

      return total;
    };

    const fieldCost = (field: FieldNode, seen: Set<string>): number => {
      if (!field.selectionSet) return 0;
      const size = field.arguments?.find(
        (arg) => arg.name.value === 'first' || arg.name.value === 'last',
      );
      const isConnection = field.selectionSet.selections.some(
        (child) => child.kind === Kind.FIELD && child.name.value === 'edges',
      );
      let multiplier = 1;
      if (isConnection) multiplier = size ? pageSize(size.value) : DEFAULT_PAGE_SIZE;

      return 1 + multiplier * costOf(field.selectionSet, seen);
    };

    return {
      OperationDefinition(operation) {
        const cost = costOf(operation.selectionSet, new Set());
        if (cost > maxObjects) {
          context.reportError(
            new GraphQLError(
              `the operation may return about ${cost} objects, above the limit of ${maxObjects}; ` +
                'request smaller pages (first/last) or fewer nested lists',
              { nodes: [operation], extensions: { code: 'QUERY_TOO_COSTLY' } },
            ),
          );
        }
      },
    };
  };
}
