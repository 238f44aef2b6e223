// One Jest run for the whole repo: unit, integration and end-to-end tests share the
// infrastructure that globalSetup resolves once (env → Testcontainers → local launcher).
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('/', '\\/')}$`,
    `<rootDir>/${target.replace(/^\.\//, '')}`,
  ]),
);

const swc = ['@swc/jest', require('./tools/swc-options.cjs')];

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testMatch: ['<rootDir>/{libs,services,tools,e2e}/**/*.{spec,integration-spec,e2e-spec}.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/', '<rootDir>/tmp/'],
  globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 2,
};
