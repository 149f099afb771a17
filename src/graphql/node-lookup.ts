import { encodeGlobalID } from '@pothos/plugin-relay';
import { type GraphQLResolveInfo, isObjectType } from 'graphql';
import { displayValue, findCrmError, ValidationError } from '../errors.js';
import { decodeGlobalId } from './global-id.js';

/** A decoded Relay global id, as the relay plugin passes it to `node`, `nodes` and ID args. */
export interface GlobalId {
  typename: string;
  id: string;
}

const TYPENAME = /^[A-Z_a-z]\w*$/;

const USE_ID_FIELD = "use the value of an object's id field";

/**
 * Decodes a global id (base64 of `Typename:uuid`) for every globalID argument. A malformed id
 * throws a ValidationError naming the value, so it never reaches SQL as a uuid cast error.
 * NOTE: the relay plugin does not pass the argument name, so the error names the field `id` even
 * for an argument such as `userId`. A well-formed id of the wrong type for a
 * `t.arg.globalID({ for })` argument still fails inside the plugin as an internal error.
 */
export function parseGlobalId(value: string): GlobalId {
  const [typename] = Buffer.from(value, 'base64').toString('utf8').split(':');
  const id = typename && TYPENAME.test(typename) ? decodeGlobalId(value, typename) : null;
  if (!typename || !id) {
    throw ValidationError.of(
      'id',
      value,
      `"${displayValue(value)}" is not a valid id; ${USE_ID_FIELD}`,
    );
  }

  return { typename, id };
}

/** Throws a ValidationError naming `field` unless the id's type is an object type with ids. */
function assertNodeType(globalId: GlobalId, field: string, info: GraphQLResolveInfo): void {
  const type = info.schema.getType(globalId.typename);
  if (isObjectType(type) && type.getInterfaces().some((implemented) => implemented.name === 'Node'))
    return;

  const value = encodeGlobalID(globalId.typename, globalId.id);
  throw ValidationError.of(
    field,
    value,
    `"${value}" is an id of the type ${globalId.typename}, which has no objects with ids; ${USE_ID_FIELD}`,
  );
}

/**
 * Turns a loader's NotFoundError into null, the Relay convention for an id whose row does not
 * exist. Other errors (a failed query) stay errors.
 */
function nullWhenNotFound(node: unknown): unknown {
  if (node instanceof Error && findCrmError(node)?.code === 'NOT_FOUND') return null;

  return node;
}

/** Resolves `node(id)`: the object, null when no row has the id, or a ValidationError. */
export async function resolveNodeOrNull(
  globalId: GlobalId,
  info: GraphQLResolveInfo,
  load: (globalId: GlobalId) => unknown,
): Promise<unknown> {
  assertNodeType(globalId, 'id', info);
  const node = nullWhenNotFound(await load(globalId));
  if (node instanceof Error) throw node;

  return node;
}

/** Resolves `nodes(ids)` like `node` at each position. Any other failure stays at its index. */
export async function resolveNodesOrNull(
  globalIds: GlobalId[],
  info: GraphQLResolveInfo,
  load: (globalIds: GlobalId[]) => Promise<unknown[]>,
): Promise<unknown[]> {
  globalIds.forEach((globalId, index) => assertNodeType(globalId, `ids.${index}`, info));
  const nodes = await load(globalIds);

  return nodes.map(nullWhenNotFound);
}

/** Returns null for a NotFoundError and rethrows any other error; a catch handler for `load`. */
export function nullIfNotFound(error: unknown): null {
  if (findCrmError(error)?.code === 'NOT_FOUND') return null;

  throw error;
}
