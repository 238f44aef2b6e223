// Written by tools/migrations.ts: every migration of this service, oldest first.
import * as m0 from './1795292062037-initial';
import * as m1 from './1795295898743-channels-complete';
import * as m2 from './1795299586903-customer-aliases';
import * as m3 from './1795313526946-deferred-identity';

export const migrations: Function[] = [
  ...Object.values(m0),
  ...Object.values(m1),
  ...Object.values(m2),
  ...Object.values(m3),
];
