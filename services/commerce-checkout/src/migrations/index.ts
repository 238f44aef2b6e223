// Written by tools/migrations.ts: every migration of this service, oldest first.
import * as m0 from './1795293040054-initial';
import * as m1 from './1795295781333-carts-promotions-loyalty-orders';

export const migrations: Function[] = [
  ...Object.values(m0),
  ...Object.values(m1),
];
