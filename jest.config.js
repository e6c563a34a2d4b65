// Two projects: pure unit specs beside the code, and integration suites that boot the real app.
const transform = { '^.+\\.(t|j)s$': ['@swc/jest'] };
module.exports = {
  // Integration suites boot the real app (the embedded database takes seconds to start).
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/src'],
      testRegex: '\\.spec\\.ts$',
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/test'],
      testRegex: '\\.(e2e|int)-spec\\.ts$',
    },
  ],
};
