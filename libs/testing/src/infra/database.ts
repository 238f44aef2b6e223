import { Client } from 'pg';

const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';
const MAX_IDENTIFIER_BYTES = 63;

/** The same server URL with the database name replaced (query string kept). */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/' + encodeURIComponent(name);
  return parsed.toString();
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Runs fn with a connected client, always closing it. */
export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(url)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function assertValidName(name: string): void {
  if (!name || Buffer.byteLength(name) > MAX_IDENTIFIER_BYTES)
    throw new Error(`Database name "${name}" must be 1-${MAX_IDENTIFIER_BYTES} bytes (PostgreSQL would truncate it)`);
}

/** Creates the database if missing (CREATE DATABASE, tolerate races/duplicates) and returns its URL (same server as adminUrl, database name replaced). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  assertValidName(name);
  await withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    } catch (err) {
      // A concurrent creator wins with either code, depending on when the race is detected.
      const code = (err as { code?: string }).code;
      if (code !== DUPLICATE_DATABASE && code !== UNIQUE_VIOLATION) throw err;
    }
  });
  return withDatabaseName(adminUrl, name);
}
