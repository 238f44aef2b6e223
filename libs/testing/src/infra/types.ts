export type Log = (line: string) => void;

export interface Infrastructure {
  source: 'environment' | 'testcontainers' | 'local';
  /** Postgres URL of a database on which CREATE DATABASE is allowed (e.g. .../postgres) */
  adminDatabaseUrl: string;
  /** Comma-separated host:port list. */
  kafkaBrokers: string;
  /** Stops only what this call started; idempotent. */
  stop(): Promise<void>;
}

export interface InfrastructureOptions {
  stateDir?: string;
  postgresPort?: number;
  kafkaPort?: number;
  kafkaControllerPort?: number;
  log?: (line: string) => void;
}

export type InfraSource = Infrastructure['source'];

/** One resolved part (Postgres or Kafka): where it came from and how to release it. */
export interface ResolvedPart<T> {
  source: InfraSource;
  value: T;
  stop(): Promise<void>;
}
