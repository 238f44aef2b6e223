// Written by tools/migrations.ts: every migration of this service, oldest first.
import * as m0 from './1795292050273-initial';

export const migrations: Function[] = [
  ...Object.values(m0),
];
