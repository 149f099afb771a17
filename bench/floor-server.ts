/**
 * The floor: the same reads as the GraphQL benchmark queries, written by hand in SQL through
 * postgres.js behind a bare node:http server, with no GraphQL, auth or validation.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';

export interface FloorServer {
  url: string;
  close(): Promise<void>;
}

type Sql = ReturnType<typeof postgres>;

async function nestedPage(sql: Sql, size: number) {
  const partners = await sql`
    select id, name, tax_id, locality, county from partners order by name, id limit ${size}`;
  const ids = partners.map((partner) => partner.id as string);
  const opportunities = await sql`
    select id, partner_id, title, stage, value from (
      select o.*, row_number() over (partition by partner_id order by created_at desc, id desc) n
      from opportunities o where partner_id = any(${ids}::uuid[])) x
    where n <= 10 order by created_at desc, id desc`;
  const tasks = await sql`
    select t.id, t.beneficiary_id, t.title, t.status, t.deadline, e.id as employee_id, e.name
    from (select t.*, row_number() over (partition by beneficiary_id order by deadline, id) n
          from tasks t where beneficiary_id = any(${ids}::uuid[])) t
    left join employees e on e.id = t.responsible_id
    where n <= 20 order by deadline, id`;

  return partners.map((partner) => ({
    id: partner.id,
    name: partner.name,
    taxId: partner.tax_id,
    locality: partner.locality,
    county: partner.county,
    opportunities: {
      edges: opportunities
        .filter((row) => row.partner_id === partner.id)
        .map((row) => ({
          node: { id: row.id, title: row.title, stage: row.stage, value: row.value },
        })),
    },
    tasks: {
      edges: tasks
        .filter((row) => row.beneficiary_id === partner.id)
        .map((row) => ({
          node: {
            id: row.id,
            title: row.title,
            status: row.status,
            deadline: (row.deadline as Date | null)?.toISOString() ?? null,
            responsible: row.employee_id ? { id: row.employee_id, name: row.name } : null,
          },
        })),
    },
  }));
}

async function filteredList(sql: Sql, county: string, minTurnover: string, size: number) {
  const rows = await sql`
    select id, name, tax_id, locality, county, turnover from partners
    where county = ${county} and turnover >= ${minTurnover}
    order by name, id limit ${size}`;

  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    taxId: row.tax_id,
    locality: row.locality,
    county: row.county,
    turnover: row.turnover,
  }));
}

export async function startFloorServer(databaseUrl: string): Promise<FloorServer> {
  const sql = postgres(databaseUrl, { max: 10 });
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const job = JSON.parse(body) as { kind: string; county?: string; minTurnover?: string };
    const data =
      job.kind === 'nested'
        ? await nestedPage(sql, 50)
        : await filteredList(sql, job.county!, job.minTurnover!, 50);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ data }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      server.close();
      server.closeAllConnections();
      await sql.end();
    },
  };
}
