import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { ProcessedEventEntity } from './processed-event.entity';
import { OutboxRecordEntity } from './outbox-record.entity';
import { CreateMessagingTables1763700000000 } from './messaging-tables.migration';

export interface ServiceDataSourceOptions {
  url: string;
  /** Service name, used as application_name in pg_stat_activity. */
  service: string;
  entities: MixedList<Function | string | EntitySchema>;
  /** The service's own migration classes, oldest first. */
  migrations: Function[];
  poolSize?: number;
}

/**
 * `pg` pool settings. The pool keeps the connections it has opened (no idle timeout; TCP keepalive so
 * that a NAT or firewall does not drop them silently): `pg` closes a connection idle for 10 s by
 * default, so under uneven traffic a service kept closing connections and opening new ones on the
 * next burst. Each new one is a backend forked by PostgreSQL plus a SCRAM exchange, milliseconds of
 * CPU on both sides while callers wait: at 500 calls/s identity-graph opened six at once every
 * ~10 s, and those calls took up to 60 ms. At most `max` connections are held, as under load.
 */
export const poolSettings = (max: number) => ({ max, connectionTimeoutMillis: 5000, idleTimeoutMillis: 0, keepAlive: true });

/** A TypeORM data source per service: outbox and processed-event tables included, synchronize off. */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  const config: DataSourceOptions = {
    type: 'postgres',
    url: options.url,
    applicationName: options.service,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install on a managed database.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    entities: [ProcessedEventEntity, OutboxRecordEntity, ...(options.entities as Function[])],
    migrations: [CreateMessagingTables1763700000000, ...options.migrations],
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    logging: false,
    extra: poolSettings(options.poolSize ?? 10),
  };
  return new DataSource(config);
}

/** Initializes the connection and applies pending migrations (each in its own transaction). */
export async function openDataSource(dataSource: DataSource): Promise<DataSource> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

/** The smallest surface of `pg`'s pool that a hot path needs. */
export interface PgQueryable {
  query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * The `pg` pool under a TypeORM data source, for a few hot read paths: a query through it skips the
 * QueryRunner TypeORM builds (and allocates) per `dataSource.query`, on the same connections.
 */
export function pgPool(dataSource: DataSource): PgQueryable {
  const pool = (dataSource.driver as unknown as { master?: PgQueryable }).master;
  if (!pool || typeof pool.query !== 'function') throw new Error('pgPool: the data source is not an initialized PostgreSQL data source');
  return pool;
}
