// Lint: typescript-eslint's recommended rules, plus the house's import boundaries. Import cycles are
// checked separately by madge (`npm run lint:cycles`), which sees the whole graph at once.
import tseslint from 'typescript-eslint';

const FRAMEWORKS = ['@nestjs/*', 'typeorm', 'typeorm/*', 'graphql', 'graphql/*', '@apollo/*', 'pg', 'pg-*', '@electric-sql/*'];
// Rooms that hold services, persistence, protocols or composition. Pure code may import only pure
// rooms (the kernel, the compatibility engine in packages/engine and every domain/ folder, contracts'
// included).
const IMPURE_ROOMS = [
  // Rooms with no pure part at all.
  '(^|/)(registry|confluent-api|graphql|http|database|operations|cli|continuity|audit|config)(/|$)',
  // Contexts whose pure part is their domain/ folder (or a domain/ folder deeper inside).
  '(^|/)(catalogue|access|auth|contracts|federation|usage|keys)/(?!(.*/)?domain(/|$))',
  // Composition.
  '(^|/)(app\\.module|create-app|main|database-schema|clock\\.module)$',
];
const frameworkFree = (message) => ({
  patterns: [
    { group: FRAMEWORKS, message },
    { group: ['@charter/cli'], message: 'Pure code imports no command line.' },
    ...IMPURE_ROOMS.map((regex) => ({
      regex,
      message: 'Pure code imports only pure rooms: kernel/, @charter/engine and domain/ folders.',
    })),
  ],
});

// Calls through which code reads or writes tables: on an EntityManager (`em`, `manager`), a
// repository, or the DataSource (whose `transaction` alone is a service's business).
const PERSISTENCE_CALLS = [
  'CallExpression[callee.object.name=/^(em|manager|tx|repo|repository)$/]',
  'CallExpression[callee.object.property.name=/^(manager|repo|repository)$|Repo(sitory)?$/]',
  "CallExpression[callee.object.property.name='dataSource'][callee.property.name!='transaction']",
  "CallExpression[callee.object.name='dataSource'][callee.property.name!='transaction']",
];
const STORE_MESSAGE = "A service reads and writes tables through its aggregate's store (pass the transaction's EntityManager to it).";

export default tseslint.config(
  { ignores: ['dist/**', 'packages/*/dist/**', 'node_modules/**', 'coverage/**', 'data/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Test code reads arbitrary JSON answers; production code says what it expects.
    files: ['test/**/*.ts', '**/*.spec.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Pure rooms: the contract rules, the kernel and every domain/ folder stay free of the framework,
    // the ORM and GraphQL, so they can be tested and reused alone (the engine: see packages below).
    files: ['src/kernel/**/*.ts', 'src/**/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', frameworkFree('Pure code imports no framework, ORM, GraphQL or database driver.')],
    },
  },
  {
    // The workspace packages install on their own (the slim CLI in a CI job): they import each other
    // by name, never the server's code or a sibling's sources by path, and no server framework. The
    // compatibility engine (packages/engine) is pure code under this same rule.
    files: ['packages/*/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...FRAMEWORKS, '@charter/*/src/*'], message: 'A workspace package imports no server framework, ORM or driver.' },
            {
              regex: '^(\\.\\./){2,}',
              message: 'A workspace package imports only its own files by path; another package by its name (@charter/engine).',
            },
          ],
        },
      ],
    },
  },
  {
    // Services take plain commands; GraphQL inputs and models stay with the resolvers that map them.
    files: ['src/**/*.service.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/graphql', 'graphql', 'graphql/*'], message: 'Services know nothing of GraphQL.' },
            { regex: '\\.(inputs|model)$', message: 'Services take plain command types, not GraphQL inputs or models.' },
          ],
        },
      ],
    },
  },
  {
    // Each aggregate has one store: in the bounded contexts, services, jobs, listeners, policies and
    // workers open transactions and pass their EntityManager to stores (`*.store.ts`), but read and
    // write no table themselves. The infrastructure rooms (database/, continuity/, operations/) work
    // on the database as a whole and stay outside the rule.
    files: ['src/**/*.service.ts', 'src/{access,audit,auth,catalogue,contracts,federation,keys,registry,usage}/**/*.ts'],
    ignores: ['src/**/*.store.ts', 'src/**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...PERSISTENCE_CALLS.map((selector) => ({ selector, message: STORE_MESSAGE }))],
    },
  },
);
