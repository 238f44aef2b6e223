#!/usr/bin/env node
// `npm test [-- <jest args>]`: generates the proto types if stale, runs the whole Jest suite
// (globalSetup starts PostgreSQL and Kafka itself when none is configured), and closes with
// one summary line "N passed, N failed" that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const proto = spawnSync(process.execPath, [join(root, 'tools/proto.mjs'), 'generate'], { stdio: 'inherit' });
if (proto.status !== 0) process.exit(proto.status ?? 1);

mkdirSync(join(root, 'tmp'), { recursive: true });
const results = join(root, 'tmp/jest-results.json');
rmSync(results, { force: true });
const args = [join(root, 'node_modules/jest/bin/jest.js'), '--json', `--outputFile=${results}`, ...(process.env.CI ? ['--ci'] : []), ...process.argv.slice(2)];
const jest = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });

if (!existsSync(results)) {
  console.log('0 passed, 1 failed');
  process.exit(jest.status || 1);
}
const r = JSON.parse(readFileSync(results, 'utf8'));
const failedSuites = r.numRuntimeErrorTestSuites ?? 0;
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log('');
if (failedSuites) console.log(`${failedSuites} test file(s) could not run`);
console.log(`${r.numPassedTests} passed, ${r.numFailedTests + failedSuites} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(jest.status ?? 1);
