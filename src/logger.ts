import { pino } from 'pino';

/** The one structured logger; modules take a child with their own `module` binding. */
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads the level from LOG_LEVEL. An invalid value falls back to info, and the config check reports it. */
function levelFromEnvironment(): string {
  const level = process.env.LOG_LEVEL ?? 'info';

  return LEVELS.includes(level) ? level : 'info';
}

export const logger = pino({
  level: levelFromEnvironment(),
  redact: {
    paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization'],
    censor: '[redacted]',
  },
});

export function moduleLogger(module: string) {
  return logger.child({ module });
}

/** Masks an email address for logs: `ana.pop@firma.ro` becomes `a***@firma.ro`. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';

  return `${address[0]}***${address.slice(at)}`;
}
