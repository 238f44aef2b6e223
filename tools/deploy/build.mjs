#!/usr/bin/env node
// Production build of one service (or the demo seed tool) with tsc — not esbuild: Nest's dependency
// injection needs the decorator metadata that tsc emits (emitDecoratorMetadata).
//   node tools/deploy/build.mjs <service>|seed [--out dist/<name>] [--allow-type-errors]
// Output (runnable with `node dist/<name>/<entry>.js`, production node_modules resolved from above):
//   dist/<name>/services/<service>/src/main.js     the service (libs compiled alongside)
//   dist/<name>/proto/                              .proto sources the gRPC loader reads at run time
//   dist/<name>/libs/contracts/src/generated/descriptors.binpb   what server reflection serves
//   dist/<name>/node_modules/@concierge/*           the path aliases as tiny re-exporting packages
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SERVICES = ['channel-ingress', 'identity-graph', 'dialogue-agent', 'prediction', 'commerce-checkout', 'insights'];
const target = process.argv[2];
if (!target || !(SERVICES.includes(target) || target === 'tools')) {
  console.error(`usage: node tools/deploy/build.mjs <${SERVICES.join('|')}|tools> [--out <dir>] [--allow-type-errors]`);
  process.exit(2);
}
const outFlag = process.argv.indexOf('--out');
const out = resolve(root, outFlag > 0 ? process.argv[outFlag + 1] : join('dist', target));
// `tools`: all six services plus the compose one-shot jobs (migrate every database, seed the demo).
const entry = target === 'tools' ? 'tools/deploy/compose-jobs.ts' : `services/${target}/src/main.ts`;
const entries = target === 'tools' ? [entry, ...SERVICES.map((s) => `services/${s}/src/main.ts`)] : [entry];
// Ambient declarations (`declare module '…'` in *.d.ts) are found by the whole-tree typecheck through its
// include globs; a build that starts from the entry points must list them (they emit nothing).
const ambient = (dir) =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return ['node_modules', 'generated', 'dist', 'tmp'].includes(e.name) ? [] : ambient(rel);
    return e.name.endsWith('.d.ts') ? [rel] : [];
  });
const files = [...entries, ...['libs', 'services', 'tools'].flatMap(ambient)];
const started = Date.now();
const log = (l) => console.log(`[build ${target}] ${l}`);

// 1. Generated protobuf TypeScript and the descriptor set (gitignored, so always produced here).
log('proto: generating TypeScript and descriptors.binpb');
execFileSync(process.execPath, [join(root, 'tools/proto.mjs'), 'generate'], { cwd: root, stdio: 'inherit' });
const descriptors = join(root, 'libs/contracts/src/generated/descriptors.binpb');
if (!existsSync(descriptors)) {
  console.error(`[build ${target}] ${relative(root, descriptors)} is missing after proto generation`);
  process.exit(1);
}

// 2. tsc: the entry point and everything it imports (specs excluded), type errors fail the build.
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const tsconfig = join(out, '.tsconfig.build.json');
writeFileSync(
  tsconfig,
  JSON.stringify({
    extends: join(root, 'tools/deploy/tsconfig.build.json'),
    compilerOptions: { rootDir: root, outDir: out },
    files: files.map((f) => join(root, f)),
  }),
);
log(`tsc ${entry} → ${relative(root, out)}`);
try {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], { cwd: root, stdio: 'inherit' });
} catch {
  // CI runs the typecheck separately; --allow-type-errors lets a work-in-progress tree still be smoke-tested.
  if (!process.argv.includes('--allow-type-errors')) {
    console.error(`[build ${target}] tsc failed (errors above); pass --allow-type-errors to emit anyway`);
    process.exit(1);
  }
  console.error(`[build ${target}] tsc reported type errors (above); emitted anyway because of --allow-type-errors`);
}
rmSync(tsconfig);

// 3. Run-time files next to the compiled code.
cpSync(join(root, 'proto'), join(out, 'proto'), { recursive: true, filter: (p) => !p.endsWith('.yaml') || p.endsWith('buf.yaml') });
mkdirSync(join(out, 'libs/contracts/src/generated'), { recursive: true });
cpSync(descriptors, join(out, 'libs/contracts/src/generated/descriptors.binpb'));
for (const svc of SERVICES) {
  // Non-TypeScript files a service reads at run time (widget.js, demo.html, console assets…).
  if (svc !== target && target !== 'tools') continue;
  cpSync(join(root, `services/${svc}/src`), join(out, `services/${svc}/src`), {
    recursive: true,
    filter: (p) => !p.endsWith('.ts'),
  });
}

// 4. @concierge/* path aliases → small packages that re-export the compiled library.
const paths = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths;
for (const [alias, [file]] of Object.entries(paths)) {
  const compiled = join(out, file.replace(/^\.\//, '').replace(/\.ts$/, '.js'));
  if (!existsSync(compiled)) continue; // not used by this target
  const pkg = join(out, 'node_modules', alias);
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: alias, private: true, main: 'index.js' }));
  writeFileSync(join(pkg, 'index.js'), `module.exports = require(${JSON.stringify(relative(pkg, compiled))});\n`);
}
const main = join(out, entry.replace(/\.ts$/, '.js'));
if (!existsSync(main)) {
  console.error(`[build ${target}] expected ${relative(root, main)} after tsc`);
  process.exit(1);
}
// One fixed entry point for the image: node /app/main.js [migrate].
writeFileSync(join(out, 'main.js'), `require(${JSON.stringify('./' + relative(out, main))});\n`);
log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: node ${relative(root, join(out, 'main.js'))}`);
