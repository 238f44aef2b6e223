import { createServiceDataSource } from './data-source';
import { OutboxRecordEntity } from './outbox-record.entity';
import { ProcessedEventEntity } from './processed-event.entity';
import { CreateMessagingTables1763700000000 } from './messaging-tables.migration';

class SomeMigration1800000000000 {}

describe('createServiceDataSource', () => {
  const ds = createServiceDataSource({ url: 'postgres://u:p@h:5432/db', service: 'svc', entities: [], migrations: [SomeMigration1800000000000] });

  it('never synchronizes the schema and never runs migrations implicitly', () => {
    expect(ds.options.synchronize).toBe(false);
    expect(ds.options.migrationsRun).toBe(false);
  });

  it('always carries the outbox and processed-event tables, their migration first', () => {
    expect(ds.options.entities).toEqual(expect.arrayContaining([OutboxRecordEntity, ProcessedEventEntity]));
    expect(ds.options.migrations).toEqual([CreateMessagingTables1763700000000, SomeMigration1800000000000]);
  });

  it('names the connection after the service and needs no database extension', () => {
    expect(ds.options).toMatchObject({ applicationName: 'svc', installExtensions: false, uuidExtension: 'pgcrypto' });
  });
});
