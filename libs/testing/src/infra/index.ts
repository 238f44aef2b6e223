export type { Infrastructure, InfrastructureOptions } from './types';
export { resolveInfrastructure, DEFAULT_PORTS } from './resolve';
export { ensureDatabase, withDatabaseName } from './database';
export { verifyInfrastructure } from './smoke-check';
export { findRepoRoot } from './paths';
