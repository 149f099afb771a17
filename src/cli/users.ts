import { parseArgs } from 'node:util';
import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { userRules } from '../auth/admin-rules.js';
import { createUser, findUserByEmail, setUserPassword } from '../auth/admin-users.js';
import { users } from '../auth/tables.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { employees } from '../employees/tables.js';
import { findCrmError, ValidationError } from '../errors.js';
import { withDatabase } from './maintenance.js';

const USAGE = `Usage:
  crm user create <email> --name "Ana Pop" [--role ADMIN|MANAGER|AGENT] [--employee ID]
  crm user passwd <email>
  crm user list

create and passwd read the password from the terminal without echo, or from the first line
of standard input when it is not a terminal. Passwords need at least 12 characters. --role
defaults to AGENT; --employee links the user to an employee by its id.`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `crm user`: manages users directly in the database, for admins without GraphQL access. */
export async function runUserCommand(config: Config, args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === '--help' || action === '-h' || rest.includes('--help') || rest.includes('-h')) {
    console.log(USAGE);

    return;
  }
  const run = action ? ACTIONS[action] : undefined;
  if (!run) {
    console.error(action ? `Unknown user command "${action}".\n\n${USAGE}` : USAGE);
    process.exitCode = 2;

    return;
  }

  // A reader such as `head` may close the pipe early; the rest of the output is not wanted then.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  try {
    await run(config, rest);
  } catch (error) {
    const expected = findCrmError(error);
    if (!expected) throw error;

    console.error(expected.message);
    process.exitCode = 1;
  }
}

const ACTIONS: Record<string, (config: Config, args: string[]) => Promise<void>> = {
  create: createCommand,
  passwd: passwordCommand,
  list: (config) => withDatabase(config, listUsers),
};

async function createCommand(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      role: { type: 'string', default: 'AGENT' },
      employee: { type: 'string' },
    },
  });
  const email = check('email', userRules.email, positionals[0]);
  const name = check('--name', userRules.name, values.name);
  const role = check('--role', userRules.role, values.role?.toUpperCase());
  const employeeId = values.employee ? employeeUuid(values.employee) : null;
  const password = await newPassword();

  const user = await withDatabase(config, (db) =>
    createUser(db, { email, name, role, password, employeeId }),
  );
  console.log(`Created ${user.role} ${user.email} (id ${user.id}).`);
}

async function passwordCommand(config: Config, args: string[]): Promise<void> {
  const email = check('email', userRules.email, args[0]);
  const password = await newPassword();

  await withDatabase(config, async (db) => {
    const user = await findUserByEmail(db, email);
    if (!user) {
      throw ValidationError.of(
        'email',
        email,
        'no user has this email; `crm user list` lists them',
      );
    }

    await setUserPassword(db, user.id, password);
  });
  console.log(`Password of ${email} replaced; the user's sessions were ended.`);
}

async function listUsers(db: Database): Promise<void> {
  const rows = await db
    .select({
      email: users.email,
      name: users.name,
      role: users.role,
      active: users.active,
      employee: employees.name,
    })
    .from(users)
    .leftJoin(employees, eq(employees.userId, users.id))
    .orderBy(asc(users.email));

  console.log(`${'EMAIL'.padEnd(32)}${'ROLE'.padEnd(9)}${'ACTIVE'.padEnd(8)}NAME (EMPLOYEE)`);
  for (const row of rows) {
    const employee = row.employee ? ` (${row.employee})` : '';
    const active = row.active ? 'yes' : 'no';
    console.log(
      `${row.email.padEnd(32)}${row.role.padEnd(9)}${active.padEnd(8)}${row.name}${employee}`,
    );
  }
}

function check<T>(field: string, rule: z.ZodType<T>, value: string | undefined): T {
  const result = rule.safeParse(value ?? '');
  if (result.success) return result.data;

  throw ValidationError.of(field, value, result.error.issues[0]?.message ?? 'is invalid');
}

/** Accepts an employee's uuid or its GraphQL id, which is base64 of `Employee:<uuid>`. */
function employeeUuid(value: string): string {
  if (UUID.test(value)) return value.toLowerCase();

  const [typename, id] = Buffer.from(value, 'base64').toString('utf8').split(':');
  if (typename === 'Employee' && id && UUID.test(id)) return id.toLowerCase();

  throw ValidationError.of('--employee', value, 'must be an employee id, as a uuid or GraphQL id');
}

async function newPassword(): Promise<string> {
  const password = await readPassword();

  return check('password', userRules.password, password);
}

/**
 * Reads a new password: twice without echo from a terminal, else the first line of standard
 * input, so scripts can pipe it in instead of putting it on the command line.
 */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return firstLineOfInput();

  const password = await promptHidden('New password: ');
  const repeated = await promptHidden('Repeat the password: ');
  if (password !== repeated) {
    throw ValidationError.of(
      'password',
      null,
      'the two entries differ; type the same password twice',
    );
  }

  return password;
}

async function firstLineOfInput(): Promise<string> {
  let input = '';
  for await (const chunk of process.stdin) {
    input += String(chunk);
    if (input.includes('\n')) break;
  }

  return input.split(/\r?\n/)[0] ?? '';
}

/** Prompts on the terminal in raw mode, so typed characters are not echoed. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stdout.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();

  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error: Error | null) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') return finish(null);
        if (character === '\u0003') return finish(new Error('password entry cancelled'));
        value =
          character === '\u007f' || character === '\b' ? value.slice(0, -1) : value + character;
      }
    };
    stdin.on('data', onData);
  });
}
