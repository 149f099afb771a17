/**
 * Builds a request body following the GraphQL multipart request spec
 * (https://github.com/jaydenseric/graphql-multipart-request-spec): each Blob or File found in
 * the variables becomes a form part, and its place in the variables becomes null. Returns null
 * when the variables hold no file, so the caller sends plain JSON.
 */
export function toMultipartBody(
  query: string,
  variables: Record<string, unknown>,
): FormData | null {
  const paths = new Map<Blob, string[]>();
  const cleaned = replaceFiles(variables, 'variables', paths);
  if (paths.size === 0) return null;

  const form = new FormData();
  const files = [...paths.entries()];
  form.set('operations', JSON.stringify({ query, variables: cleaned }));
  form.set('map', JSON.stringify(Object.fromEntries(files.map(([, at], index) => [index, at]))));
  files.forEach(([file, _at], index) => {
    form.set(String(index), file, file instanceof File ? file.name : 'blob');
  });

  return form;
}

/** Copies `value` with every Blob replaced by null, recording where each Blob was. */
function replaceFiles(value: unknown, path: string, paths: Map<Blob, string[]>): unknown {
  if (value instanceof Blob) {
    paths.set(value, [...(paths.get(value) ?? []), path]);

    return null;
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => replaceFiles(item, `${path}.${index}`, paths));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => [
      key,
      replaceFiles(item, `${path}.${key}`, paths),
    ]);

    return Object.fromEntries(entries);
  }

  return value;
}
