import { pino } from 'pino';

/** The one structured logger; modules take a child with their own `module` binding. */
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads the level from LOG_LEVEL. An invalid value falls back to info, and the config check reports it. */
function levelFromEnvironment(): string {
  const level = process.env.LOG_LEVEL ?? 'info';

  return LEVELS.includes(level) ? level : 'info';
}

/** An email address inside free text, such as an SMTP reply or a database error. */
const EMAIL_IN_TEXT = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*(@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;

/** Masks every email address in a text the way `maskEmail` masks one address. */
export function maskEmailsInText(text: string): string {
  return text.replace(EMAIL_IN_TEXT, '$1***$2');
}

/** Masks the email addresses in the strings of a log object, a few levels deep. */
function maskLogValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskEmailsInText(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  // Errors keep their class here: the `err` serializer reduces and masks them when written.
  if (value instanceof Error || value instanceof Date || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map((item) => maskLogValue(item, depth + 1));

  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, maskLogValue(item, depth + 1)]),
  );
}

/**
 * Reduces a failed query to the database's own error. Drizzle puts the SQL text and its
 * parameters (customer data such as email subjects and bodies) into its error message.
 */
export function withoutQueryText(error: unknown): unknown {
  if (!(error instanceof Error) || !error.message.startsWith('Failed query:')) return error;

  const cause = error.cause as { code?: string; message?: string; routine?: string } | undefined;

  return {
    type: error.name,
    message: 'Failed query (SQL and parameters omitted)',
    cause: cause && { code: cause.code, message: cause.message, routine: cause.routine },
  };
}

function serializeError(error: unknown): unknown {
  const reduced = withoutQueryText(error);
  const serialized = reduced instanceof Error ? pino.stdSerializers.err(reduced) : reduced;

  return maskLogValue(serialized, 0);
}

/**
 * Creates a logger with the product's redaction and masking, writing to `destination` or
 * standard output.
 */
export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    level: levelFromEnvironment(),
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization'],
      censor: '[redacted]',
    },
    serializers: { err: serializeError },
    formatters: { log: (object) => maskLogValue(object, 0) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg) => (typeof arg === 'string' ? maskEmailsInText(arg) : arg));
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };

  return destination ? pino(options, destination) : pino(options);
}

export const logger = createLogger();

export function moduleLogger(module: string) {
  return logger.child({ module });
}

/** Masks an email address for logs: `ana.pop@firma.ro` becomes `a***@firma.ro`. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';

  return `${address[0]}***${address.slice(at)}`;
}

/**
 * Sends every later log line of this process, child loggers included, to stderr, for commands
 * whose stdout is their output. Child loggers read the stream from the root logger.
 */
export function sendLogsToStderr(): void {
  const root = logger as unknown as Record<symbol, unknown>;
  root[pino.symbols.streamSym] = pino.destination({ dest: 2, sync: true });
}
