import { z } from 'zod';
import { ConfigError, grpcAddress, kafkaBrokers, parseEnv, port, postgresUrl } from './env';
import { baseServiceEnv, parseTenantApiKeys } from './service-env';

const schema = baseServiceEnv({ httpPort: 8081, grpcPort: 50052 });

const valid = {
  DATABASE_URL: 'postgres://u:p@db:5432/concierge',
  KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092',
};

function problemsOf(env: Record<string, string>, s: z.ZodType = schema): string[] {
  try {
    parseEnv('identity-graph', s, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('parseEnv accepted the environment');
}

describe('parseEnv', () => {
  it('applies the defaults when only the required variables are set', () => {
    const env = parseEnv('identity-graph', schema, { ...valid });
    expect(env).toMatchObject({
      DATABASE_URL: valid.DATABASE_URL,
      KAFKA_BROKERS: valid.KAFKA_BROKERS,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      KAFKA_TOPIC_PARTITIONS: 3,
      KAFKA_TOPIC_PREFIX: '',
      HTTP_PORT: 8081,
      GRPC_PORT: 50052,
      HOST: '0.0.0.0',
      INTERNAL_API_KEY: 'concierge-internal-dev-key',
      TENANT_API_KEYS: '',
      GRPC_DEADLINE_MS: 5000,
    });
    expect(env.KAFKA_GROUP_ID).toBeUndefined();
  });

  it('coerces numeric variables from their string form', () => {
    const env = parseEnv('identity-graph', schema, { ...valid, HTTP_PORT: '9000', KAFKA_TOPIC_PARTITIONS: '12', GRPC_DEADLINE_MS: '250' });
    expect(env.HTTP_PORT).toBe(9000);
    expect(env.KAFKA_TOPIC_PARTITIONS).toBe(12);
    expect(env.GRPC_DEADLINE_MS).toBe(250);
  });

  it('reports every missing required variable by name', () => {
    const problems = problemsOf({});
    expect(problems).toHaveLength(2);
    expect(problems.find((p) => p.startsWith('DATABASE_URL '))).toMatch(/^DATABASE_URL is required/);
    expect(problems.find((p) => p.startsWith('KAFKA_BROKERS '))).toMatch(/^KAFKA_BROKERS is required/);
  });

  it('reports every bad variable at once, with the value it was given', () => {
    const problems = problemsOf({
      DATABASE_URL: 'mysql://db/x',
      KAFKA_BROKERS: valid.KAFKA_BROKERS,
      HTTP_PORT: '70000',
      LOG_LEVEL: 'loud',
      GRPC_DEADLINE_MS: 'soon',
    });
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DATABASE_URL="mysql:\/\/db\/x" is invalid: must be a postgres:\/\/ URL$/),
        expect.stringMatching(/^HTTP_PORT="70000" is invalid: /),
        expect.stringMatching(/^LOG_LEVEL="loud" is invalid: /),
        expect.stringMatching(/^GRPC_DEADLINE_MS="soon" is invalid: /),
      ]),
    );
  });

  it('never prints a secret or a URL password in a problem', () => {
    const problems = problemsOf({
      DATABASE_URL: 'mysql://app:hunter2@db/x',
      KAFKA_BROKERS: valid.KAFKA_BROKERS,
      INTERNAL_API_KEY: 'short',
      TENANT_API_KEYS: 'acme:tiny',
    });
    expect(problems.join('\n')).not.toMatch(/hunter2|short|tiny/);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DATABASE_URL="mysql:\/\/app:\*\*\*@db\/x" is invalid/),
        expect.stringMatching(/^INTERNAL_API_KEY=".*" is invalid/),
        expect.stringMatching(/^TENANT_API_KEYS=".*" is invalid/),
      ]),
    );
  });

  it('puts the service name and each problem in the error message', () => {
    try {
      parseEnv('identity-graph', schema, { KAFKA_BROKERS: 'nope' });
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const e = err as ConfigError;
      expect(e.service).toBe('identity-graph');
      expect(e.message).toMatch(/^identity-graph: invalid configuration\n/);
      expect(e.message).toContain('  - DATABASE_URL is required');
      expect(e.message).toContain('  - KAFKA_BROKERS="nope" is invalid');
    }
  });
});

describe('parseTenantApiKeys', () => {
  it('maps each key to its tenant', () => {
    const keys = parseTenantApiKeys('acme:acme-secret-1, globex:globex-secret-2');
    expect([...keys]).toEqual([
      ['acme-secret-1', 'acme'],
      ['globex-secret-2', 'globex'],
    ]);
  });

  it('keeps colons that are part of the key', () => {
    expect(parseTenantApiKeys('acme:abc:def:ghi').get('abc:def:ghi')).toBe('acme');
  });

  it('gives an empty map for an empty value or stray commas', () => {
    expect(parseTenantApiKeys('').size).toBe(0);
    expect(parseTenantApiKeys(' , ').size).toBe(0);
  });
});

describe('baseServiceEnv', () => {
  it.each(['', 'kafka', 'kafka:', ':9092', 'kafka:9092,', 'kafka:9092;other:9092', 'ka fka:9092', 'kafka:99999', 'kafka:0'])(
    'rejects KAFKA_BROKERS=%j',
    (brokers) => {
      expect(problemsOf({ ...valid, KAFKA_BROKERS: brokers })).toEqual([expect.stringMatching(/^KAFKA_BROKERS(=".*" is invalid| is required)/)]);
    },
  );

  it.each(['localhost:9092', 'kafka-1.svc.cluster.local:9092, kafka-2:19092'])('accepts KAFKA_BROKERS=%j', (brokers) => {
    expect(parseEnv('s', schema, { ...valid, KAFKA_BROKERS: brokers }).KAFKA_BROKERS).toBe(brokers);
  });

  it.each(['acme', 'acme:short', 'acme:long-enough-key,', 'ac me:long-enough-key', 'acme:long-enough-key,globex'])(
    'rejects TENANT_API_KEYS=%j',
    (keys) => {
      expect(problemsOf({ ...valid, TENANT_API_KEYS: keys })).toEqual([expect.stringMatching(/^TENANT_API_KEYS=".*" is invalid: must be "tenant:key" pairs/)]);
    },
  );

  it('rejects one key listed for two tenants', () => {
    expect(problemsOf({ ...valid, TENANT_API_KEYS: 'acme:same-key-123,globex:same-key-123' })).toEqual([
      expect.stringMatching(/^TENANT_API_KEYS="<hidden>" is invalid: every tenant needs its own key/),
    ]);
  });

  it('accepts well-formed TENANT_API_KEYS', () => {
    const env = parseEnv('s', schema, { ...valid, TENANT_API_KEYS: 'acme:acme-secret-1,globex_2:globex-secret-2' });
    expect(parseTenantApiKeys(env.TENANT_API_KEYS).get('globex-secret-2')).toBe('globex_2');
  });

  it.each(['staging/', 'staging prefix.', 'ünicode.', 'a:b'])('rejects KAFKA_TOPIC_PREFIX=%j', (prefix) => {
    expect(problemsOf({ ...valid, KAFKA_TOPIC_PREFIX: prefix })).toEqual([expect.stringMatching(/^KAFKA_TOPIC_PREFIX=".*" is invalid: letters, digits/)]);
  });

  it('accepts a dotted KAFKA_TOPIC_PREFIX', () => {
    expect(parseEnv('s', schema, { ...valid, KAFKA_TOPIC_PREFIX: 'staging-eu_1.' }).KAFKA_TOPIC_PREFIX).toBe('staging-eu_1.');
  });

  it('rejects an internal key shorter than 8 characters and a deadline below 50 ms', () => {
    const problems = problemsOf({ ...valid, INTERNAL_API_KEY: 'short', GRPC_DEADLINE_MS: '10' });
    expect(problems.map((p) => p.split('=')[0]).sort()).toEqual(['GRPC_DEADLINE_MS', 'INTERNAL_API_KEY']);
  });
});

describe('shared validators', () => {
  it('port rejects 0, out-of-range and fractional values', () => {
    const p = port(1234);
    expect(p.parse(undefined)).toBe(1234);
    expect(p.parse('65535')).toBe(65535);
    for (const bad of ['0', '65536', '80.5', 'http']) expect(p.safeParse(bad).success).toBe(false);
  });

  it('postgresUrl accepts postgres:// and postgresql:// only', () => {
    expect(postgresUrl.safeParse('postgresql://h/db').success).toBe(true);
    expect(postgresUrl.safeParse('postgres://h/db').success).toBe(true);
    expect(postgresUrl.safeParse('postgres://').success).toBe(false);
    expect(postgresUrl.safeParse('http://h/db').success).toBe(false);
  });

  it('kafkaBrokers and grpcAddress require host:port', () => {
    expect(kafkaBrokers.safeParse('a:1,b:2').success).toBe(true);
    expect(grpcAddress.safeParse('dns:///identity-graph:50052').success).toBe(true);
    expect(grpcAddress.safeParse('identity-graph').success).toBe(false);
  });
});
