import { STATEMENT_COUNT_HEADER } from '../../src/http-server.js';

export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
  statements: number;
}

/** Posts one GraphQL operation over HTTP and returns the body and the SQL statement count. */
export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'statements'>;

  return { ...body, statements: Number(response.headers.get(STATEMENT_COUNT_HEADER) ?? -1) };
}
