// Lint: typescript-eslint's recommended rules, plus the house's import boundaries. Import cycles are
// checked separately by madge (`npm run lint:cycles`), which sees the whole graph at once.
import tseslint from 'typescript-eslint';

const FRAMEWORKS = ['@nestjs/*', 'typeorm', 'typeorm/*', 'graphql', 'graphql/*', '@apollo/*', 'pg', 'pg-*', '@electric-sql/*'];
const frameworkFree = (message) => ({
  patterns: [{ group: FRAMEWORKS, message }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', '**/*.js', '**/*.mjs'] },
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
    // Pure rooms: the compatibility engine, the contract rules, the kernel and every domain/ folder
    // stay free of the framework, the ORM and GraphQL, so they can be tested and reused alone.
    files: ['src/compatibility/**/*.ts', 'src/kernel/**/*.ts', 'src/**/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', frameworkFree('Pure code imports no framework, ORM, GraphQL or database driver.')],
    },
  },
);
