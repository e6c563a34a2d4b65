/**
 * CI runs the integration suites twice, once on PostgreSQL (TEST_DATABASE_URL set) and once on the
 * embedded database. Some suites are about one of the two, or about neither, and run once.
 */
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** About the embedded database itself (its folder, its lock): skipped in the PostgreSQL pass. */
export const describeEmbeddedOnly = onPostgres ? describe.skip : describe;

/**
 * About packaging and tooling (release tree, manifests, the CLI, the GitHub Action), not the
 * database: run in the PostgreSQL pass, and in a run without one (a developer's `npm test`), but not
 * again in CI's second, embedded pass, which `.ci/run` marks with CHARTER_TEST_SECOND_PASS.
 */
export const describeOncePerCi = !onPostgres && process.env.CHARTER_TEST_SECOND_PASS ? describe.skip : describe;
