// Runs TypeScript sources directly: SWC transpiles (with decorator metadata for Nest DI),
// tsconfig-paths resolves the @concierge/* aliases. Type-checking is `npm run typecheck`.
const path = require('node:path');
const root = path.resolve(__dirname, '..');
process.env.TS_NODE_PROJECT = process.env.TS_NODE_PROJECT || path.join(root, 'tsconfig.json');
require('ts-node').register({ project: process.env.TS_NODE_PROJECT, swc: true, transpileOnly: true });
require('tsconfig-paths').register({
  baseUrl: root,
  paths: require(path.join(root, 'tsconfig.base.json')).compilerOptions.paths,
});
