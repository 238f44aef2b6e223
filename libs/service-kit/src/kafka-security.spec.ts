import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@concierge/config';
import { kafkaSecurityFromEnv } from './kafka-security';
import { isMigrateOnlyRun } from './migrate';

describe('kafkaSecurityFromEnv', () => {
  it('is plaintext with nothing set', () => {
    expect(kafkaSecurityFromEnv('s', {})).toEqual({});
  });

  it('turns on TLS with the system CAs, or with mounted PEM files', () => {
    expect(kafkaSecurityFromEnv('s', { KAFKA_SSL: 'true' })).toEqual({ ssl: true });
    const dir = mkdtempSync(join(tmpdir(), 'kafka-tls-'));
    writeFileSync(join(dir, 'ca.pem'), 'CA PEM');
    expect(kafkaSecurityFromEnv('s', { KAFKA_SSL: '1', KAFKA_SSL_CA_FILE: join(dir, 'ca.pem') }).ssl).toEqual(
      expect.objectContaining({ ca: 'CA PEM', rejectUnauthorized: true }),
    );
  });

  it('passes SASL SCRAM credentials', () => {
    expect(
      kafkaSecurityFromEnv('s', { KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }),
    ).toEqual({ ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' } });
  });

  it('rejects a SASL mechanism without credentials and an unknown mechanism, naming the variable', () => {
    for (const env of [{ KAFKA_SASL_MECHANISM: 'plain' }, { KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }]) {
      try {
        kafkaSecurityFromEnv('s', env);
        throw new Error('accepted');
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).message).toContain('KAFKA_SASL_MECHANISM');
      }
    }
  });
});

describe('isMigrateOnlyRun', () => {
  it('is on for `main.js migrate` or MIGRATE_ONLY=1/true, off otherwise', () => {
    expect(isMigrateOnlyRun(['node', 'main.js', 'migrate'], {})).toBe(true);
    expect(isMigrateOnlyRun(['node', 'main.js'], { MIGRATE_ONLY: 'true' })).toBe(true);
    expect(isMigrateOnlyRun(['node', 'main.js'], { MIGRATE_ONLY: '0' })).toBe(false);
    expect(isMigrateOnlyRun(['node', 'main.js'], {})).toBe(false);
  });
});
