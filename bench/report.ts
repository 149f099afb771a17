export interface Measurement {
  scenario: string;
  server: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
  statementsPerRequest: number;
  failures: number;
}

interface ReportContext {
  machine: string;
  seconds: number;
  concurrency: number;
}

function row(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Renders the API section: one table with each GraphQL row's ratio to its floor. */
export function formatReport(results: Measurement[], context: ReportContext): string {
  const lines = [
    '## GraphQL API reads',
    '',
    `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${context.machine}.`,
    `${context.concurrency} concurrent clients for ${context.seconds} s per row after a 3 s warm-up,`,
    'on the demo data set. The load generator runs in its own process. CPU is the server',
    "process's user + system time per request; PostgreSQL's own CPU is not included.",
    'The floor is the same read written by hand in SQL through postgres.js behind node:http.',
    '',
    row([
      'scenario',
      'server',
      'req/s',
      'ratio to floor',
      'p50 ms',
      'p99 ms',
      'CPU ms/req',
      'SQL/req',
      'failed',
    ]),
    row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  for (const result of results) {
    const floor = results.find(
      (other) => other.scenario === result.scenario && other.server.startsWith('floor'),
    );
    const ratio = floor ? (result.requestsPerSecond / floor.requestsPerSecond).toFixed(2) : '-';
    lines.push(
      row([
        result.scenario,
        result.server,
        result.requestsPerSecond.toFixed(0),
        ratio,
        result.p50.toFixed(1),
        result.p99.toFixed(1),
        result.cpuMsPerRequest.toFixed(2),
        result.statementsPerRequest,
        result.failures,
      ]),
    );
  }

  return `${lines.join('\n')}\n`;
}
