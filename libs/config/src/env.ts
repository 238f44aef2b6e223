import { z } from 'zod';

export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`${service}: invalid configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const SENSITIVE = /KEY|SECRET|PASSWORD|TOKEN/i;

/** What an error message may show of a value: never a secret, never a password inside a URL. */
function printable(name: string, value: string): string {
  if (SENSITIVE.test(name)) return '<hidden>';
  return value.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

/** Validates the environment against a schema; throws ConfigError naming every bad variable. */
export function parseEnv<S extends z.ZodType>(
  service: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const value = issue.path.length ? env[String(issue.path[0])] : undefined;
    return value === undefined
      ? `${name} is required: ${issue.message}`
      : `${name}=${JSON.stringify(printable(name, value))} is invalid: ${issue.message}`;
  });
  throw new ConfigError(service, problems);
}

/** Like parseEnv, but prints the problems and exits: used by service entry points. */
export function loadEnvOrExit<S extends z.ZodType>(service: string, schema: S): z.infer<S> {
  try {
    return parseEnv(service, schema);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}

export const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

export const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\/.+/.test(v), 'must be a postgres:// URL');

export const kafkaBrokers = z
  .string()
  .refine(
    (v) =>
      v.split(',').every((b) => {
        const m = /^[\w.-]+:(\d{1,5})$/.exec(b.trim());
        return m !== null && Number(m[1]) >= 1 && Number(m[1]) <= 65535;
      }),
    'must be a comma-separated list of host:port',
  );

/** host:port of a gRPC server. */
export const grpcAddress = z
  .string()
  .refine((v) => /^(dns:\/\/\/)?[\w.-]+:\d{1,5}$/.test(v), 'must be host:port');

export const httpUrl = z.string().url();
