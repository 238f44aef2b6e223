/**
 * V8 flags a service runs with, wherever it runs. spawnServiceProcess (`npm start`, tests, benches)
 * puts them on the command line; the Helm chart (helm/concierge/values.yaml) and docker-compose.yml
 * set the same in NODE_OPTIONS, which tools/deploy/charts.spec.ts checks against this table.
 *
 * identity-graph: a 2 MB young generation instead of Node's default (it grows to 16 MB). A
 * ResolveIdentity call allocates ~35 KB; with the default, a scavenge about every 0.8 s at 500 rps
 * paused the service 3–5 ms, and calls that met one set the p99. With 2 MB: ~10 scavenges a second
 * of ~0.8 ms (max 4 ms) and no major GC in a 60 s run; p99 2.2–3.1 ms against 2.6–4.5 ms in four
 * interleaved pairs of runs (docs/identity.md, Benchmark).
 */
export const SERVICE_NODE_FLAGS: Readonly<Record<string, readonly string[]>> = {
  'identity-graph': ['--max-semi-space-size=2'],
};

/** The flags of a service (none for most). */
export const serviceNodeFlags = (service: string): string[] => [...(SERVICE_NODE_FLAGS[service] ?? [])];
