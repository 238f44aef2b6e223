// Written by tools/migrations.ts: every migration of this service, oldest first.
import * as m0 from './1795292064747-initial';
import * as m1 from './1795295982099-agent-loop';
import * as m2 from './1795296700996-proactive-messages-and-embeddings';

export const migrations: Function[] = [
  ...Object.values(m0),
  ...Object.values(m1),
  ...Object.values(m2),
];
