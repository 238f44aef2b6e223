/**
 * Server settings for every PostgreSQL the project starts (local launcher, Testcontainers): the
 * dev/test/bench stand-in for a production server, where an operator sizes these (docs/deploy.md).
 *
 * shared_buffers: PostgreSQL's default 128 MB holds less than identity-graph's lookup path at a
 * million identities (the identities table and its identifier index, ~230 MB), so most lookups
 * went to the OS page cache. Where the host reclaims page cache that has been cold for a minute
 * (this project's Firecracker sandboxes run DAMON pageout), those pages come back from disk, and a
 * lookup that takes 1 ms took 20–60 ms. Shared buffers are process memory and stay put; they are
 * allocated as they are used, so a small dev database costs no more.
 */
export const POSTGRES_SETTINGS: readonly string[] = ['shared_buffers=512MB'];

/** The settings as `postgres` command-line flags. */
export const postgresSettingFlags = (): string[] => POSTGRES_SETTINGS.flatMap((s) => ['-c', s]);
