// Written by tools/migrations.ts: every migration of this service, oldest first.
import * as m0 from './1795293040054-initial';

export const migrations: Function[] = [
  ...Object.values(m0),
];
