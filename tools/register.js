// Runs TypeScript sources directly: SWC transpiles each .ts file on require (with decorator
// metadata for Nest DI; tools/swc-options.cjs, shared with jest.config.cjs), tsconfig-paths resolves the
// @concierge/* aliases. Type-checking is `npm run typecheck`.
//
// Deliberately not ts-node: ts-node's entry point loads Node's `repl`, which loads `domain`, and
// once `domain` is loaded every EventEmitter construction and emit goes through its hooks. That
// cost about 7 % of a service's CPU under load (CPU profile of identity-graph at 500 rps) in
// `npm start`, the tests and the benchmarks, none of which production (compiled, `node main.js`)
// pays.
const path = require('node:path');
const { addHook } = require('pirates');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '..');
const options = { ...require('./swc-options.cjs'), swcrc: false, configFile: false };

process.setSourceMapsEnabled(true);
addHook((code, filename) => swc.transformSync(code, { ...options, filename }).code, {
  exts: ['.ts'],
  ignoreNodeModules: true,
});
require('tsconfig-paths').register({
  baseUrl: root,
  paths: require(path.join(root, 'tsconfig.base.json')).compilerOptions.paths,
});
