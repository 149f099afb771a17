import { z } from 'zod';

const optionalUrl = z
  .string()
  .url()
  .optional()
  .transform((value) => value ?? null);

const envSchema = z.object({
  DATABASE_URL: optionalUrl,
  MONGODB_URL: optionalUrl,
  REDIS_URL: optionalUrl,
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATA_DIR: z.string().default('.data'),
  CRM_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(200),
  DATABASE_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(10)
    .describe('PostgreSQL connections each process keeps open; default 10'),
  MAX_FILE_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1)
    .default(25 * 1024 * 1024)
    .describe('largest attachment accepted, in bytes; default 25 MiB'),
  SEED_DEMO: z
    .enum(['auto', 'never'])
    .default('auto')
    .describe('auto: load the demo data set into an empty database at start'),
});

export type Config = z.infer<typeof envSchema>;

/** Parses the environment once; every problem is listed before the process exits. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;

  const problems = result.error.issues.map(
    (issue) => `  ${issue.path.join('.')}: ${issue.message}`,
  );
  throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}
