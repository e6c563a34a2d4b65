// Two projects: pure unit specs beside the code, and integration suites that boot the real app.
const transform = { '^.+\\.(t|j)s$': ['@swc/jest'] };
module.exports = {
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
      testTimeout: 60000,
    },
  ],
};
