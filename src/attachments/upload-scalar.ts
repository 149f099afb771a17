import { GraphQLError } from 'graphql';
import { builder } from '../graphql/builder.js';

function isUploadedFile(value: unknown): value is File {
  const candidate = value as Partial<File> | null;

  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.name === 'string' &&
    typeof candidate.size === 'number' &&
    typeof candidate.stream === 'function'
  );
}

function rejectFile(value: unknown): never {
  throw new GraphQLError(
    `invalid File ${JSON.stringify(String(value)).slice(0, 80)}; send the file as a part of a multipart/form-data request (GraphQL multipart request spec)`,
    { extensions: { code: 'BAD_USER_INPUT' } },
  );
}

/**
 * An uploaded file. graphql-yoga parses multipart requests (the GraphQL multipart request spec)
 * and puts a File object in the variables, so the scalar only checks its shape.
 */
builder.scalarType('File', {
  description:
    'A file uploaded in a multipart/form-data request, following the GraphQL multipart request spec.',
  serialize: () => {
    throw new GraphQLError('File is an input type and cannot be returned');
  },
  parseValue: (value) => (isUploadedFile(value) ? value : rejectFile(value)),
  parseLiteral: (node) => rejectFile(node.kind),
});
