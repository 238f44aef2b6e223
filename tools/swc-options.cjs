// SWC options for running the TypeScript sources: legacy decorators with metadata (Nest DI and
// TypeORM read it), ES2022, CommonJS. Shared by tools/register.js and jest.config.cjs so that
// `npm start`, the benches and the tests run the same code.
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
