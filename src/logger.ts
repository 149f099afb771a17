import { pino } from 'pino';

/** The one structured logger; modules take a child with their own `module` binding. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
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
