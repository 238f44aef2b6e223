import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { z } from 'zod';
import { parseEnv } from '@concierge/config';

const flag = z
  .string()
  .optional()
  .transform((v) => /^(1|true|yes)$/i.test(v ?? ''));

/**
 * Kafka TLS and SASL from the environment (all optional; none set = plaintext, as in development):
 *   KAFKA_SSL=true                       TLS to the brokers (system CAs unless KAFKA_SSL_CA_FILE)
 *   KAFKA_SSL_CA_FILE, KAFKA_SSL_CERT_FILE, KAFKA_SSL_KEY_FILE   PEM files (mounted from a Secret); cert+key = mTLS
 *   KAFKA_SSL_REJECT_UNAUTHORIZED=false  only for test clusters with self-signed certificates
 *   KAFKA_SASL_MECHANISM=plain|scram-sha-256|scram-sha-512, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD
 */
export const kafkaSecurityEnv = z
  .object({
    KAFKA_SSL: flag,
    KAFKA_SSL_CA_FILE: z.string().optional(),
    KAFKA_SSL_CERT_FILE: z.string().optional(),
    KAFKA_SSL_KEY_FILE: z.string().optional(),
    KAFKA_SSL_REJECT_UNAUTHORIZED: z
      .string()
      .optional()
      .transform((v) => !/^(0|false|no)$/i.test(v ?? '')),
    KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
    KAFKA_SASL_USERNAME: z.string().optional(),
    KAFKA_SASL_PASSWORD: z.string().optional(),
  })
  .refine((e) => !e.KAFKA_SASL_MECHANISM || (e.KAFKA_SASL_USERNAME && e.KAFKA_SASL_PASSWORD), {
    message: 'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required with KAFKA_SASL_MECHANISM',
    path: ['KAFKA_SASL_MECHANISM'],
  })
  .refine((e) => !e.KAFKA_SSL_CERT_FILE === !e.KAFKA_SSL_KEY_FILE, {
    message: 'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together',
    path: ['KAFKA_SSL_CERT_FILE'],
  });

export function kafkaSecurityFromEnv(service: string, env: NodeJS.ProcessEnv = process.env): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const e = parseEnv(service, kafkaSecurityEnv, env);
  const read = (f?: string) => (f ? readFileSync(f, 'utf8') : undefined);
  const withFiles = e.KAFKA_SSL_CA_FILE || e.KAFKA_SSL_CERT_FILE || !e.KAFKA_SSL_REJECT_UNAUTHORIZED;
  const ssl: KafkaConfig['ssl'] = !e.KAFKA_SSL
    ? undefined
    : withFiles
      ? { ca: read(e.KAFKA_SSL_CA_FILE), cert: read(e.KAFKA_SSL_CERT_FILE), key: read(e.KAFKA_SSL_KEY_FILE), rejectUnauthorized: e.KAFKA_SSL_REJECT_UNAUTHORIZED }
      : true;
  const sasl = e.KAFKA_SASL_MECHANISM
    ? ({ mechanism: e.KAFKA_SASL_MECHANISM, username: e.KAFKA_SASL_USERNAME!, password: e.KAFKA_SASL_PASSWORD! } as SASLOptions)
    : undefined;
  return { ...(ssl ? { ssl } : {}), ...(sasl ? { sasl } : {}) };
}
