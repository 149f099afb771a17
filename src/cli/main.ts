import { writeFile } from 'node:fs/promises';
import { printSchema } from 'graphql';
import { ConfigError, parseConfig } from '../config.js';
import { logger } from '../logger.js';

const commands: Record<string, { help: string; run: (args: string[]) => Promise<void> }> = {
  start: {
    help: 'start the api and the job worker in one process; the default',
    run: async () => (await import('./start.js')).start(parseConfig(), { worker: true }),
  },
  serve: {
    help: 'start the api only',
    run: async () => (await import('./start.js')).start(parseConfig(), { worker: false }),
  },
  worker: {
    help: 'start the job worker only: background jobs and outgoing email',
    run: async () => (await import('./worker.js')).runWorker(parseConfig()),
  },
  migrate: {
    help: 'apply pending database migrations and exit',
    run: async () => (await import('./maintenance.js')).migrateOnly(parseConfig()),
  },
  seed: {
    help: 'load the demo data set: crm seed [--scale N] [--force]',
    run: async (args) => (await import('./maintenance.js')).seedDemo(parseConfig(), args),
  },
  user: {
    help: 'manage users without GraphQL: crm user create|passwd|list',
    run: async (args) => (await import('./users.js')).runUserCommand(parseConfig(), args),
  },
  'import-mail': {
    help: 'import email files into tasks: crm import-mail PATH [--dry-run] [--json]',
    run: async (args) => (await import('./import-mail.js')).importMail(parseConfig(), args),
  },
  'print-schema': {
    help: 'write schema/schema.graphql from the code-first schema',
    run: async () => {
      const { schema } = await import('../graphql/schema.js');
      await writeFile('schema/schema.graphql', `${printSchema(schema)}\n`);
    },
  },
};

/** Commands that print their own usage for --help; the others print their line of `usage()`. */
const COMMANDS_WITH_OWN_HELP = new Set(['seed', 'user', 'import-mail']);

function usage(): string {
  const lines = Object.entries(commands).map(
    ([name, command]) => `  ${name.padEnd(14)}${command.help}`,
  );

  return `Usage: crm <command> [options]\n\nCommands:\n${lines.join('\n')}`;
}

async function main(argv: string[]): Promise<void> {
  const [name = 'start', ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());

    return;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    process.exitCode = 2;

    return;
  }
  const asksHelp = args.includes('--help') || args.includes('-h');
  if (asksHelp && !COMMANDS_WITH_OWN_HELP.has(name)) {
    console.log(`crm ${name}: ${command.help}`);

    return;
  }
  await command.run(args);
}

/** Errors of `util.parseArgs`, such as an unknown option or a missing option value. */
function isArgumentError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;

  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else if (isArgumentError(error)) {
    console.error(`${error.message}\nRun \`crm <command> --help\` for the options of a command.`);
    process.exit(2);
  } else {
    logger.fatal({ err: error }, 'command failed');
  }
  process.exit(1);
});
