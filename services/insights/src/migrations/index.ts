// Written by tools/migrations.ts: every migration of this service, oldest first.
import * as m0 from './1795292145743-initial';
import * as m1 from './1795295771501-facts-alerts-metrics';

export const migrations: Function[] = [
  ...Object.values(m0),
  ...Object.values(m1),
];
