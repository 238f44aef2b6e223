#!/usr/bin/env node
// Protobuf tooling through the buf binary shipped in the @bufbuild/buf npm package:
//   generate  — TypeScript types (ts-proto) into libs/contracts/src/generated (skipped when up to date)
//   lint      — Buf STANDARD lint
//   breaking  — breaking-change check against main (or $PROTO_BREAKING_AGAINST)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const protoDir = join(root, 'proto');
const outDir = join(root, 'libs/contracts/src/generated');
const buf = join(root, 'node_modules/.bin/buf');

function run(args, opts = {}) {
  if (!existsSync(buf)) {
    console.error('buf is missing: run `npm install` first (it comes with the @bufbuild/buf package).');
    process.exit(2);
  }
  execFileSync(buf, args, { cwd: protoDir, stdio: 'inherit', ...opts });
}

function newest(dir, ext) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, ext));
    else if (p.endsWith(ext)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/**
 * The exact FileDescriptorSet (our protos and grpc.health.v1) that server reflection serves, so
 * grpcurl can call every method; two serialized sets concatenated are one valid set.
 */
function writeDescriptorSet() {
  const ours = join(outDir, 'concierge.binpb');
  const health = join(outDir, 'health.binpb');
  run(['build', '-o', ours]);
  run(['build', join(root, 'node_modules/grpc-health-check/proto'), '-o', health]);
  writeFileSync(join(outDir, 'descriptors.binpb'), Buffer.concat([readFileSync(ours), readFileSync(health)]));
  rmSync(ours);
  rmSync(health);
}

const command = process.argv[2] ?? 'generate';
const force = process.argv.includes('--force');
switch (command) {
  case 'generate': {
    const stale = force || !existsSync(outDir) || newest(protoDir, '.proto') > newest(outDir, '.ts') || statSync(join(protoDir, 'buf.gen.yaml')).mtimeMs > newest(outDir, '.ts');
    if (!stale) break;
    run(['generate', '--clean']);
    writeDescriptorSet();
    console.log('proto: generated TypeScript and the descriptor set into libs/contracts/src/generated');
    break;
  }
  case 'lint':
    run(['lint']);
    console.log('proto: buf lint (STANDARD) clean');
    break;
  case 'breaking': {
    const against = process.env.PROTO_BREAKING_AGAINST ?? `${join(root, '.git')}#branch=main,subdir=proto`;
    try {
      execFileSync('git', ['-C', root, 'rev-parse', '--verify', '-q', 'main'], { stdio: 'ignore' });
    } catch {
      console.log('proto: no main branch to compare against; breaking-change check skipped');
      break;
    }
    run(['breaking', '--against', against]);
    console.log('proto: no breaking changes against main');
    break;
  }
  default:
    console.error(`unknown command ${command}: use generate | lint | breaking`);
    process.exit(2);
}
