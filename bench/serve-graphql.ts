/** Child process: serves the GraphQL API on a free port and prints its address. */
import { startApi } from '../src/app.js';

const api = await startApi(
  process.argv[2]!,
  { HOST: '127.0.0.1', PORT: 0, MAX_PAGE_SIZE: 200 },
  { countStatements: process.env.BENCH_COUNT_STATEMENTS === '1' },
);
process.stdout.write(`${JSON.stringify({ url: `${api.url}/graphql` })}\n`);
process.once('SIGTERM', () => void api.stop().then(() => process.exit(0)));
