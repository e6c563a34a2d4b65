// Two projects: pure unit specs beside the code, and integration suites that boot the real app.
const transform = { '^.+\\.(t|j)s$': ['@swc/jest'] };
// ESM-only dependencies (content-disposition, under @fastify/static) are compiled to CommonJS for Jest.
const transformIgnorePatterns = ['/node_modules/(?!content-disposition/)'];
// The workspace packages run from their TypeScript sources, as tsconfig.json's paths say.
const moduleNameMapper = { '^@charter/(engine|cli)$': '<rootDir>/packages/$1/src/index.ts' };
module.exports = {
  // Integration suites boot the real app (the embedded database takes seconds to start), and CI runs
  // the PostgreSQL and embedded passes side by side on two cores, where a start can take four times
  // as long as on a quiet machine. A hung test still fails, after two minutes.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      roots: ['<rootDir>/src', '<rootDir>/packages'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
      testRegex: '\\.spec\\.ts$',
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      roots: ['<rootDir>/test'],
      testRegex: '\\.(e2e|int)-spec\\.ts$',
    },
  ],
};
